import { useState } from 'preact/hooks';
import { api } from '../api';
import { LoadFailed, Loading, useLoad } from '../load';

/** The exact tag for this site, a copy button, and the real widget with the saved settings. */
export function InstallPage() {
  const [loaded, retry] = useLoad(() => api.settings(), []);
  const [copied, setCopied] = useState(false);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="your install tag" onRetry={retry} />;
  const tenant = loaded.data;
  const tag = `<script async src="${location.origin}/parley.js" data-site="${tenant.siteKey}"\n        data-api="${location.origin}"></script>`;
  const copy = async () => {
    await navigator.clipboard.writeText(tag);
    setCopied(true);
  };
  return (
    <section aria-labelledby="install-title">
      <h1 id="install-title">Install</h1>
      <p>
        Paste this tag into every page, before <code>&lt;/body&gt;</code>:
      </p>
      <pre class="tag">
        <code>{tag}</code>
      </pre>
      <button type="button" onClick={copy}>
        Copy tag
      </button>{' '}
      {copied && <span role="status">Copied.</span>}
      <h2>Preview</h2>
      <p class="muted">Try the whole conversation: nothing you type here is stored or counted.</p>
      <iframe class="preview" title="Widget preview" src={`/dashboard/preview.html?site=${encodeURIComponent(tenant.siteKey)}`} />
    </section>
  );
}
