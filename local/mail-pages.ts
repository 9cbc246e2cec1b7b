import type { IncomingMessage } from 'node:http';
import { escapeHtml } from '../functions/lib/html';
import type { CaughtMail, MailCatcher } from './mail-catcher';
import type { LocalPage, PageResult } from './server';

// The pages show invitation links: a page on another site that rebinds its
// name to 127.0.0.1 must not read them, so only loopback names are answered.
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** `/dev/mail` and `/dev/mail.json` over a running catcher: local pages, never routes or deployed. */
export function mailPages(catcher: Pick<MailCatcher, 'url' | 'messages'>): Record<string, LocalPage> {
  const onLoopback =
    (answer: () => PageResult) =>
    (req: IncomingMessage): PageResult =>
      LOOPBACK_HOST.test(req.headers.host ?? '')
        ? answer()
        : { status: 403, contentType: 'text/plain; charset=utf-8', body: 'The mail pages answer on localhost only\n' };
  return {
    '/dev/mail': onLoopback(() => renderMailPage(catcher.messages(), catcher.url)),
    '/dev/mail.json': onLoopback(() => ({ contentType: 'application/json', body: JSON.stringify(catcher.messages()) })),
  };
}

/** Every caught mail, newest first; all of it escaped, links only for http(s) URLs. */
export function renderMailPage(mails: CaughtMail[], smtpUrl: string): string {
  const items = mails.map(renderMail).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caught mail (${mails.length}) — Parley</title>
<style>
body{margin:0 auto;max-width:860px;padding:24px;font:15px/1.5 system-ui,sans-serif;color:#222}
article{border-top:1px solid #ddd;padding:12px 0}
h2{font-size:18px;margin:0 0 4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:0 0 8px;color:#555}
dd{margin:0}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f3;padding:12px;margin:0}
iframe{width:100%;height:360px;border:1px solid #ddd}
</style>
</head>
<body>
<h1>Caught mail</h1>
<p>Mail sent through <code>${escapeHtml(smtpUrl)}</code> stays here instead of being delivered (the last 200, until the server stops). Reload for new mail; <a href="/dev/mail.json">as JSON</a>.</p>
${items || '<p>No mail yet.</p>'}
</body>
</html>
`;
}

function renderMail(mail: CaughtMail): string {
  // The HTML part runs in a sandbox with no scripts, no forms and no access to this page.
  const html = mail.html
    ? `<details><summary>HTML version</summary><iframe sandbox="" referrerpolicy="no-referrer" title="HTML version" srcdoc="${escapeHtml(mail.html)}"></iframe></details>`
    : '';
  return `<article id="${escapeHtml(mail.id)}">
<h2>${escapeHtml(mail.subject) || '(no subject)'}</h2>
<dl><dt>To</dt><dd>${escapeHtml(mail.to)}</dd><dt>From</dt><dd>${escapeHtml(mail.from)}</dd><dt>Received</dt><dd><time datetime="${escapeHtml(mail.receivedAt)}">${escapeHtml(mail.receivedAt)}</time></dd></dl>
<pre>${linkify(mail.text)}</pre>
${html}</article>`;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = '.,;:!?)]}';

/** Escapes the text and makes its http(s) URLs clickable; a sentence's closing punctuation stays outside the link. */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let end = match[0].length;
    while (end > 0 && TRAILING_PUNCTUATION.includes(match[0].charAt(end - 1))) end--;
    const shown = match[0].slice(0, end);
    const url = URL.parse(shown);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
    out += `${escapeHtml(text.slice(last, match.index))}<a href="${escapeHtml(url.href)}" rel="noreferrer">${escapeHtml(shown)}</a>`;
    last = match.index + end;
  }
  return out + escapeHtml(text.slice(last));
}
