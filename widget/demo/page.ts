/** The demo customer site served at `/demo`, with the script tag in it. */
export function renderDemoPage(options: { siteKey: string; apiBase: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Widgets — demo site</title>
</head>
<body>
<header><h1>Acme Widgets</h1><nav><a href="/demo">Home</a> · <a href="/demo?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=autumn">Campaign link</a></nav></header>
<main>
<p>This is a demo customer site. The chat bubble in the corner is Parley, loaded by one script tag.</p>
<button type="button">A button on the host page</button>
</main>
<script async src="/parley.js" data-site="${esc(options.siteKey)}" data-api="${esc(options.apiBase)}"></script>
</body>
</html>
`;
}
