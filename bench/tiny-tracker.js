/* A minimal page-view beacon, as the smallest privacy trackers ship (about
 * 1 KB): page views only (single-page apps too), no storage, no cookies, one
 * keepalive POST per view. `npm run bench:widget` serves it (without this
 * comment) as the comparison row for parley.js; it is not part of the product. */
(() => {
  const tag = document.currentScript;
  const site = tag?.getAttribute('data-site');
  if (!site || navigator.globalPrivacyControl === true || navigator.doNotTrack === '1') return;
  const api = (tag.getAttribute('data-api') || new URL(tag.src).origin).replace(/\/+$/, '');
  const session = `s_${Math.random().toString(36).slice(2, 14)}`;
  let last = '';
  const id = () => `e_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12)))).replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'))}`;
  const view = (referrer) => {
    const url = location.href.split('#')[0];
    if (url === last) return;
    last = url;
    const event = {
      id: id(),
      type: 'page_view',
      ts: Date.now(),
      url: url.slice(0, 2048),
      referrer: referrer.slice(0, 2048),
      title: document.title.slice(0, 300),
    };
    fetch(`${api}/v1/collect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site, sessionId: session, events: [event] }),
      credentials: 'omit',
      keepalive: true,
    }).catch(() => {});
  };
  const push = history.pushState;
  history.pushState = function (...args) {
    const from = location.href;
    push.apply(this, args);
    view(from);
  };
  addEventListener('popstate', () => view(''));
  view(document.referrer);
})();
