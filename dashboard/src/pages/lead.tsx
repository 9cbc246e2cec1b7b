import { useEffect, useState } from 'preact/hooks';
import { LEAD_FIELDS, type LeadField } from '../../../shared/events';
import { type ContactRecord, type Receipt, ApiError, api } from '../api';
import { Transcript } from './transcript';

const LABELS: Record<LeadField, string> = { firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', company: 'Company' };

export function LeadPage({ contactId }: { contactId: string }) {
  const [record, setRecord] = useState<ContactRecord | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const load = () => api.contact(contactId).then(setRecord, (e) => setError(e instanceof ApiError && e.status === 404 ? 'This lead does not exist (any more).' : 'Could not load the lead.'));
  useEffect(() => {
    void load();
  }, [contactId]);

  if (receipt) {
    return (
      <section aria-labelledby="receipt-title">
        <h1 id="receipt-title">Lead erased</h1>
        <p role="status">Deletion receipt <code>{receipt.receiptId}</code>, {new Date(receipt.erasedAt).toLocaleString()}:</p>
        <ul>{Object.entries(receipt.deleted).map(([kind, n]) => <li key={kind}>{n} {kind}</li>)}</ul>
        <p><a href="#/leads">Back to leads</a></p>
      </section>
    );
  }
  if (error) return <p role="alert">{error} <a href="#/leads">Back to leads</a></p>;
  if (!record) return <p aria-busy="true">Loading…</p>;
  const { contact } = record;
  const erase = async () => {
    if (!confirm('Erase this lead, its conversations and its events? This cannot be undone.')) return;
    setReceipt(await api.eraseContact(contactId));
  };
  const restrict = async () => {
    await api.updateContact(contactId, { restricted: !record.restricted });
    await load();
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const fields = Object.fromEntries(LEAD_FIELDS.map((f) => [f, String(form.get(f) ?? '')]).filter(([f, v]) => v && v !== contact[f as LeadField]));
    try {
      if (Object.keys(fields).length) await api.updateContact(contactId, fields);
      setEditing(false);
      setError('');
      await load();
    } catch (err) {
      alert(err instanceof Error ? err.message : 'Could not save');
    }
  };
  return (
    <section aria-labelledby="lead-title">
      <p><a href="#/leads">← Leads</a></p>
      <h1 id="lead-title">{[contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || 'Lead'}</h1>
      {record.restricted && <p class="badge" role="note">Restricted: kept, but left out of exports.</p>}
      <div class="actions">
        <button type="button" onClick={() => setEditing(!editing)}>{editing ? 'Cancel' : 'Correct'}</button>
        <button type="button" onClick={restrict}>{record.restricted ? 'Lift restriction' : 'Restrict'}</button>
        <button type="button" class="danger" onClick={erase}>Erase</button>
      </div>
      {editing ? (
        <form class="edit" onSubmit={save}>
          {LEAD_FIELDS.map((f) => (
            <label key={f}>{LABELS[f]} <input name={f} defaultValue={contact[f]} /></label>
          ))}
          <button type="submit">Save</button>
        </form>
      ) : (
        <dl class="fields">
          {LEAD_FIELDS.map((f) => [<dt key={`${f}-t`}>{LABELS[f]}</dt>, <dd key={f}>{contact[f] || '—'}</dd>])}
          <dt>Captured</dt><dd>{new Date(contact.createdAt).toLocaleString()}</dd>
          <dt>Marketing consent</dt><dd>{record.consent.marketing ? 'Yes' : 'No'}{record.consent.text && <> to <q>{record.consent.text}</q></>}</dd>
          <dt>Page</dt><dd>{contact.pageUrl || '—'}</dd>
          <dt>Source</dt><dd>{[contact.utmSource, contact.utmMedium, contact.utmCampaign].filter(Boolean).join(' / ') || contact.referrer || '—'}</dd>
          <dt>Network</dt><dd>{contact.ipNetwork || '—'} {contact.country}</dd>
          <dt>Device</dt><dd>{[contact.browser, contact.os, contact.deviceType].filter(Boolean).join(', ') || '—'}</dd>
        </dl>
      )}
      <h2>Answers</h2>
      {contact.answers.length === 0 ? <p class="muted">None.</p> : (
        <dl class="answers">{contact.answers.map((a, i) => [<dt key={`q${i}`}>{a.question}</dt>, <dd key={`a${i}`}>{a.answer}</dd>])}</dl>
      )}
      <h2>Conversation</h2>
      {record.conversations.length === 0 ? <p class="muted">No conversation.</p> : record.conversations.map((c) => <Transcript key={c.conversationId} messages={c.messages} />)}
      <h2>Timeline</h2>
      {record.events.length === 0 ? <p class="muted">No behavioural events (none recorded, or no consent).</p> : (
        <ol class="timeline">
          {record.events.map((e) => (
            <li key={e.eventId}>
              <time dateTime={e.ts}>{new Date(e.ts).toLocaleString()}</time> {e.type.replace('_', ' ')} {e.type === 'scroll' ? `${e.depth}%` : e.type === 'click' ? e.text || e.href : e.type === 'custom' ? e.name : e.url}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
