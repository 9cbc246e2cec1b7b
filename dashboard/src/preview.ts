/**
 * Loads the real widget for the site key in the query, as the script tag
 * would, in preview mode: the whole bot flow runs, but nothing is sent
 * except the config read and nothing is kept in storage, so trying the
 * widget adds no events, conversations or leads to the owner's data.
 */
const params = new URLSearchParams(location.search);
const site = params.get('site');
if (site) {
  const tag = document.createElement('script');
  tag.async = true;
  tag.src = '/parley.js';
  tag.dataset.site = site;
  tag.dataset.api = location.origin;
  tag.dataset.preview = '1';
  document.body.append(tag);
}
document.body.style.cssText = 'font: 16px system-ui, sans-serif; margin: 0; padding: 24px; background: #f8fafc; color: #0f172a';
