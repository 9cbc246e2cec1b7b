import type { HostConfig } from './chat-host';
import { guard } from './guard';

/** The widget's corner of the page: a shadow root holding the launcher and, later, the panel. */
export interface Shell {
  /** Where the panel renders. */
  frame: HTMLElement;
  launcher: HTMLButtonElement;
  /** Sets the launcher's state, label and (open) icon; call once before the first paint. */
  setOpen(open: boolean, label: string, icon?: string): void;
  adopt(css: string): void;
  /** Applies the tenant's theme (again, when the config arrives late); without one, the default blue. */
  paint(theme: HostConfig['theme']): void;
}

// `:host` rules marked important win over the page's, even `* { all: unset !important }`;
// `all:initial` resets everything else (visibility, opacity, transform, size, ...),
// and a fixed host with only fixed children takes no room and no clicks.
// The panel's own rules (font, resets, focus) come with the panel.
const BASE_CSS =
  ':host{all:initial!important;position:fixed!important;z-index:2147483000!important}' +
  '.l{position:fixed;bottom:20px;right:20px;width:56px;height:56px;padding:0;border:0;border-radius:50%;background:var(--c,#1d4ed8);color:var(--f,#fff);cursor:pointer;display:grid;place-items:center;box-shadow:0 4px 14px #0004}' +
  '.left .l{right:auto;left:20px}' +
  '.l:hover{transform:scale(1.06)}' +
  '.l:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}' +
  '.l svg{width:50%;fill:currentColor}';

const CHAT_ICON = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';
const SVG = 'http://www.w3.org/2000/svg';

const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string) => Object.assign(document.createElement(tag), { className });

/** `onToggle(shown)`: the launcher was pressed, while the panel was shown or not. */
export function mountShell(onToggle: (shown: boolean) => void): Shell {
  let shown = false;
  const host = document.createElement('div');
  host.setAttribute('data-parley', '');
  const root = host.attachShadow({ mode: 'open' });
  const frame = make('div', 'w');
  const launcher = make('button', 'l');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = svg.appendChild(document.createElementNS(SVG, 'path'));
  launcher.append(svg);
  launcher.addEventListener(
    'click',
    guard(() => onToggle(shown)),
  );
  frame.append(launcher);
  root.append(frame);

  const adopt = (css: string) => {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      // No constructable stylesheets (old browsers): a style element instead.
      root.prepend(Object.assign(document.createElement('style'), { textContent: css }));
    }
  };
  adopt(BASE_CSS);
  document.body.append(host);
  return {
    frame,
    launcher,
    adopt,
    paint({ color, text, side }) {
      // The colour goes into CSS: only a plain hex one.
      if (/^#[0-9a-f]{6}$/i.test(color!)) adopt(`:host{--c:${color}!important;--f:${text ?? '#fff'}!important}`);
      frame.classList.toggle('left', side === 'left');
    },
    setOpen(open, label, icon = CHAT_ICON) {
      shown = open;
      launcher.setAttribute('aria-label', label);
      launcher.setAttribute('aria-expanded', String(open));
      path.setAttribute('d', icon);
      frame.classList.toggle('open', open);
    },
  };
}
