import { useState } from 'preact/hooks';
import { LoadFailed, Loading, useLoad } from '../load';
import { refusal } from '../refusal';
import { type Delivery, type Webhook, webhooksApi } from '../webhooks-api';

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
const STATUS_WORDS: Record<Delivery['status'], string> = { pending: 'Retrying', delivered: 'Delivered', failed: 'Failed', skipped: 'Not sent' };

/** One endpoint's delivery log: what was sent, what the receiver answered, and a way to send it again. */
export function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const [loaded, retry, replace] = useLoad(() => webhooksApi.deliveries(webhook.id), [webhook.id]);
  const [error, setError] = useState('');
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the delivery log" onRetry={retry} />;
  const reload = () => webhooksApi.deliveries(webhook.id).then(replace, retry);
  const redeliver = async (d: Delivery) => {
    setError('');
    try {
      await webhooksApi.redeliver(webhook.id, d.deliveryId);
    } catch (err) {
      setError(refusal(err));
    }
    await reload();
  };
  return (
    <section aria-labelledby="deliveries-title" class="deliveries">
      <h2 id="deliveries-title">Deliveries to {webhook.url}</h2>
      <button type="button" onClick={() => void reload()}>
        Refresh
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {loaded.data.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((d) => (
                <tr key={d.deliveryId}>
                  <td>
                    {d.type} <span class="muted">{d.eventId}</span>
                  </td>
                  <td>
                    {STATUS_WORDS[d.status]}
                    {d.error && <span class="muted"> ({d.error})</span>}
                    {d.nextAttemptAt && <span class="muted"> next {when(d.nextAttemptAt)}</span>}
                  </td>
                  <td>{d.responseStatus ?? '—'}</td>
                  <td>{d.attempts}</td>
                  <td>{when(d.lastAttemptAt)}</td>
                  <td>
                    {d.status !== 'pending' && d.type !== 'webhook.test' && (
                      <button type="button" aria-label={`Redeliver ${d.type} ${d.eventId}`} onClick={() => void redeliver(d)}>
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
