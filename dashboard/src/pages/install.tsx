import { useEffect, useState } from 'preact/hooks';
import { type TenantSettings, api } from '../api';

/** The exact tag for this site, a copy button, and the real widget with the saved settings. */
export function InstallPage() {
  const [tenant, setTenant] = useState<TenantSettings | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    api.settings().then(setTenant, () => undefined);
  }, []);
  if (!tenant) return <p aria-busy="true">Loading…</p>;
  const tag = `<script async src="${location.origin}/parley.js" data-site="${tenant.siteKey}"\n        data-api="${location.origin}"></script>`;
  const copy = async () => {
    await navigator.clipboard.writeText(tag);
    setCopied(true);
  };
  return (
    <section aria-labelledby="install-title">
      <h1 id="install-title">Install</h1>
      <p>Paste this tag into every page, before <code>&lt;/body&gt;</code>:</p>
      <pre class="tag"><code>{tag}</code></pre>
      <button type="button" onClick={copy}>Copy tag</button> {copied && <span role="status">Copied.</span>}
      <h2>Preview</h2>
      <iframe class="preview" title="Widget preview" src={`/dashboard/preview.html?site=${encodeURIComponent(tenant.siteKey)}`} />
    </section>
  );
}
