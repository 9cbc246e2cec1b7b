import { useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../shared/schemas/webhooks';
import { LoadFailed, Loading, useLoad } from '../load';
import { refusal } from '../refusal';
import { type Webhook, webhooksApi } from '../webhooks-api';
import { DeliveryLog } from './webhook-deliveries';

/** What each event means, in the owner's words. */
const EVENT_LABELS: Record<WebhookEventType, string> = {
  'lead.created': 'A new lead',
  'lead.updated': 'A lead corrected or completed',
  'lead.qualified': 'A lead qualified',
  'conversation.started': 'A visitor started a chat',
  'conversation.waiting': 'A visitor waits for an answer',
  'conversation.closed': 'A conversation closed',
  'contact.erased': 'A contact erased (ids only, erase your copy too)',
  'alert.triggered': 'A lead alert (too few, too many, erasure spike)',
};
const OFF_WORDS = { gone: 'Off: the receiver answered 410 Gone', failing: 'Off: every retry failed', manual: 'Off' } as const;

/** Webhook endpoints: create (the signing secret shown once), test, rotate, turn off and on, remove, and each one's delivery log. */
export function WebhooksPage() {
  const [loaded, retry, replace] = useLoad(() => webhooksApi.list(), []);
  const [selected, setSelected] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ text: string; secret?: string } | null>(null);
  const [error, setError] = useState('');
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the webhooks" onRetry={retry} />;
  const reload = () => webhooksApi.list().then(replace, retry);
  const act = async (work: () => Promise<{ text: string; secret?: string } | undefined>) => {
    setError('');
    setNotice(null);
    try {
      const done = await work();
      if (done) setNotice(done);
    } catch (err) {
      setError(refusal(err));
    }
    await reload();
  };
  const test = (w: Webhook) =>
    act(async () => {
      const sent = await webhooksApi.sendTest(w.id);
      return {
        text:
          sent.status === 'delivered'
            ? `Test event delivered (${sent.responseStatus}).`
            : `Test event failed${sent.responseStatus ? ` (${sent.responseStatus})` : ''}.`,
      };
    });
  const rotate = (w: Webhook) =>
    act(async () => {
      if (!confirm('Make a new signing secret? The current one keeps signing too for 24 hours.')) return undefined;
      const { secret } = await webhooksApi.rotate(w.id);
      return { text: 'The new signing secret. Copy it now: it is not shown again. The old one stops signing in 24 hours.', secret };
    });
  const toggle = (w: Webhook) => act(async () => void (await webhooksApi.update(w.id, { enabled: !w.enabled })));
  const remove = (w: Webhook) =>
    act(async () => {
      if (!confirm(`Remove the webhook to ${w.url}? Nothing more is sent to it.`)) return undefined;
      await webhooksApi.remove(w.id);
      return undefined;
    });
  const chosen = loaded.data.find((w) => w.id === selected);
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      <p>
        Parley posts each event you choose to your URL, signed as Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>). Zapier and Make take them with their “Catch hook” / “Custom webhook” triggers.
      </p>
      <CreateWebhook onCreated={(secret) => act(async () => ({ text: 'Webhook added. Its signing secret, shown once:', secret }))} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {notice && (
        <div role="status" class="shown-once">
          <p>{notice.text}</p>
          {notice.secret && <input readOnly aria-label="Signing secret" value={notice.secret} onFocus={(e) => e.currentTarget.select()} />}
        </div>
      )}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.map((w) => (
              <tr key={w.id}>
                <td>{w.url}</td>
                <td>{w.events.join(', ')}</td>
                <td>{w.enabled ? 'On' : OFF_WORDS[w.disabledReason ?? 'manual']}</td>
                <td class="actions">
                  <button type="button" aria-label={`Deliveries to ${w.url}`} onClick={() => setSelected(w.id)}>
                    Deliveries
                  </button>{' '}
                  <button type="button" aria-label={`Send a test event to ${w.url}`} disabled={!w.enabled} onClick={() => void test(w)}>
                    Send test
                  </button>{' '}
                  <button type="button" aria-label={`Rotate the secret of ${w.url}`} onClick={() => void rotate(w)}>
                    Rotate secret
                  </button>{' '}
                  <button type="button" aria-label={`${w.enabled ? 'Turn off' : 'Turn on'} ${w.url}`} onClick={() => void toggle(w)}>
                    {w.enabled ? 'Turn off' : 'Turn on'}
                  </button>{' '}
                  <button type="button" class="danger" aria-label={`Remove ${w.url}`} onClick={() => void remove(w)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {chosen && <DeliveryLog webhook={chosen} />}
    </section>
  );
}

function CreateWebhook({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['lead.created']);
  const [error, setError] = useState('');
  const toggle = (type: WebhookEventType, on: boolean) => setEvents(on ? [...events, type] : events.filter((e) => e !== type));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (events.length === 0) return setError('Choose at least one event.');
    setError('');
    try {
      const created = await webhooksApi.create(
        url.trim(),
        WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t)),
      );
      setUrl('');
      onCreated(created.secret);
    } catch (err) {
      setError(refusal(err));
    }
  };
  return (
    <form class="create-webhook" onSubmit={submit} aria-labelledby="create-webhook-title">
      <h2 id="create-webhook-title">New webhook</h2>
      <label>
        URL
        <input type="url" value={url} maxLength={2048} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://hooks.example.com/parley" required />
      </label>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label class="inline" key={type}>
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} /> <code>{type}</code>{' '}
            {EVENT_LABELS[type]}
          </label>
        ))}
      </fieldset>
      <button type="submit">Add webhook</button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}
