/**
 * The demo customer site served at `/demo`, with the script tag in it and the
 * optional command-queue stub, so `Parley(...)` works before the script loads.
 */
export function renderDemoPage(options: { siteKey: string; apiBase: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const section = (title: string, text: string) => `<section><h2>${title}</h2><p>${text}</p></section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Widgets — demo site</title>
<style>
body{margin:0;font:17px/1.6 Georgia,serif;color:#222;background:#fafaf7}
header,main{max-width:760px;margin:0 auto;padding:24px}
nav a{margin-right:16px}
section{min-height:60vh;border-top:1px solid #ddd;padding-top:12px}
button{font:inherit;padding:8px 16px}
</style>
<script>window.Parley=window.Parley||function(){(window.Parley.q=window.Parley.q||[]).push(arguments)};</script>
</head>
<body>
<header>
<h1>Acme Widgets</h1>
<nav><a href="/demo">Home</a><a href="/demo?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=autumn">Campaign link</a><a href="/demo#pricing">Pricing</a></nav>
</header>
<main>
<p>This is a demo customer site. The chat bubble in the corner is Parley, loaded by one script tag.</p>
<p><button type="button" id="talk">Talk to sales</button> <button type="button" id="forget">Forget me</button></p>
${section('Widgets for every need', 'Our widgets are hand-made from recycled materials and ship worldwide.')}
${section('Pricing', 'Simple plans from 9 € a month. Ask the chat for a quote for your team.')}
${section('About us', 'Acme Widgets is a small team in Helsinki, Berlin and London.')}
</main>
<script async src="/parley.js" data-site="${esc(options.siteKey)}" data-api="${esc(options.apiBase)}"></script>
<script>
document.getElementById('talk').addEventListener('click', function () { Parley('open'); });
document.getElementById('forget').addEventListener('click', function () { Parley('forget'); });
</script>
</body>
</html>
`;
}
