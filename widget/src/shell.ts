import { guard } from './guard';

/** The widget's corner of the page: a shadow root holding the launcher and, later, the panel. */
export interface Shell {
  host: HTMLElement;
  root: ShadowRoot;
  /** Where the panel renders. */
  frame: HTMLElement;
  launcher: HTMLButtonElement;
  /** Sets the launcher's state and label; call once before the first paint. */
  setOpen(open: boolean): void;
  adopt(css: string): void;
  /** Applies the tenant's theme (again, when the config arrives late). */
  paint(color: string, side: 'left' | 'right'): void;
}

// `:host` rules marked important win over the page's, even `* { all: unset !important }`;
// `all:initial` resets everything else (visibility, opacity, transform, ...).
const BASE_CSS = `:host{all:initial!important;display:block!important;position:fixed!important;width:0!important;height:0!important;z-index:2147483000!important}
.w{font:16px/1.45 system-ui,sans-serif;color:#1a1a1a;-webkit-text-size-adjust:100%}
.w *{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.l{position:fixed;bottom:20px;right:20px;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--c);color:var(--f);cursor:pointer;display:grid;place-items:center;box-shadow:0 4px 14px rgba(0,0,0,.28);transition:transform .15s}
.left .l{right:auto;left:20px}
.l:hover{transform:scale(1.06)}
.l:focus-visible,.w :focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}
.l svg{width:28px;height:28px;fill:currentColor}
@media (prefers-reduced-motion:reduce){.w *{transition:none!important;animation:none!important}}`;

const CHAT_ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';
const CLOSE_ICON = 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';

/** Black or white, whichever has the higher WCAG contrast on `hex` (the two are equal at luminance 0.179). */
export function readableOn(hex: string): string {
  let lum = 0;
  [0.2126, 0.7152, 0.0722].forEach((weight, i) => {
    const c = parseInt(hex.slice(2 * i + 1, 2 * i + 3), 16) / 255;
    lum += weight * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  });
  return lum > 0.179 ? '#111' : '#fff';
}

export function mountShell(labels: () => { open: string; close: string }, onToggle: () => void): Shell {
  const host = document.createElement('div');
  host.setAttribute('data-parley', '');
  const root = host.attachShadow({ mode: 'open' });
  const frame = document.createElement('div');
  frame.className = 'w';
  const launcher = document.createElement('button');
  launcher.className = 'l';
  launcher.type = 'button';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  svg.append(path);
  launcher.append(svg);
  launcher.addEventListener('click', guard(onToggle));
  frame.append(launcher);
  root.append(frame);

  const adopt = (css: string) => {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      // No constructable stylesheets (old browsers): a style element instead.
      const style = document.createElement('style');
      style.textContent = css;
      root.prepend(style);
    }
  };
  adopt(BASE_CSS);
  const paint = (color: string, side: 'left' | 'right') => {
    const hex = /^#[0-9a-f]{6}$/i.test(color) ? color : '#1d4ed8';
    adopt(`:host{--c:${hex}!important;--f:${readableOn(hex)}!important}`);
    frame.classList.toggle('left', side === 'left');
  };

  const setOpen = (open: boolean) => {
    launcher.setAttribute('aria-label', labels()[open ? 'close' : 'open']);
    launcher.setAttribute('aria-expanded', String(open));
    path.setAttribute('d', open ? CLOSE_ICON : CHAT_ICON);
    frame.classList.toggle('open', open);
  };
  document.body.append(host);
  return { host, root, frame, launcher, setOpen, adopt, paint };
}
