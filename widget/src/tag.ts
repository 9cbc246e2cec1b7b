/** What the site owner's script tag says. */
export interface TagOptions {
  site: string;
  /** API origin, no trailing slash. */
  api: string;
  /** `data-consent="required"`: no behavioural event before consent. */
  consentRequired: boolean;
  /** URL prefix of the lazily loaded bundles next to the script itself (`parley-chat.js`, `parley-live.js`, ...). */
  base: string;
  /** `data-preview="1"`: runs the flow, stores and sends nothing (the dashboard's install page). */
  preview: boolean;
  /** The tag's CSP nonce, passed on to the chat bundle's script. */
  nonce: string;
  /** `data-lang="fi"`: the widget's language, before the page's and the browser's. */
  lang: string;
}

/** Reads the script tag; nothing else runs before the page is idle. */
export function readTag(script: HTMLScriptElement | null): TagOptions | undefined {
  const el = script ?? document.querySelector<HTMLScriptElement>('script[data-site][src*="parley"]');
  const data = el?.dataset;
  if (!data?.site) return undefined;
  const src = new URL(el!.src);
  return {
    site: data.site,
    api: (data.api || src.origin).replace(/\/+$/, ''),
    consentRequired: data.consent === 'required',
    base: new URL('parley-', src).href,
    preview: data.preview === '1',
    nonce: el!.nonce!,
    lang: data.lang ?? '',
  };
}
