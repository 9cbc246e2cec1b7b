/** Loads the real widget for the site key in the query, as the script tag would. */
const params = new URLSearchParams(location.search);
const site = params.get('site');
if (site) {
  const tag = document.createElement('script');
  tag.async = true;
  tag.src = '/parley.js';
  tag.dataset.site = site;
  tag.dataset.api = location.origin;
  document.body.append(tag);
}
document.body.style.cssText = 'font: 16px system-ui, sans-serif; margin: 0; padding: 24px; background: #f8fafc; color: #0f172a';
