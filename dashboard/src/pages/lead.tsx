import { useState } from 'preact/hooks';
import { LEAD_FIELDS } from '../../../shared/events';
import { type ContactRecord, type Receipt, type Role, ApiError, api } from '../api';
import { LEAD_FIELD_LABELS } from '../lead-fields';
import { LoadFailed, Loading, useLoad } from '../load';
import { can } from '../roles';
import { count } from '../text';
import { CorrectLead } from './lead-correct';
import { Transcript } from './transcript';

/** How a receipt names what was deleted: `3 messages`, `1 conversation`. */
const KIND_WORDS: Record<string, [string, string]> = {
  contacts: ['contact', 'contacts'],
  conversations: ['conversation', 'conversations'],
  messages: ['message', 'messages'],
  events: ['event', 'events'],
};

export function LeadPage({ contactId, role }: { contactId: string; role: Role }) {
  const [loaded, retry, replace] = useLoad(() => api.contact(contactId), [contactId]);
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState('');
  const [receipt, setReceipt] = useState<Receipt | null>(null);

  if (receipt) {
    return (
      <section aria-labelledby="receipt-title">
        <h1 id="receipt-title">Lead erased</h1>
        <p role="status">
          Deletion receipt <code>{receipt.receiptId}</code>, {new Date(receipt.erasedAt).toLocaleString()}:
        </p>
        <ul>
          {Object.entries(receipt.deleted).map(([kind, n]) => (
            <li key={kind}>{KIND_WORDS[kind] ? count(n, ...KIND_WORDS[kind]) : `${n} ${kind}`}</li>
          ))}
        </ul>
        <p>
          <a href="#/leads">Back to leads</a>
        </p>
      </section>
    );
  }
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') {
    if (loaded.error instanceof ApiError && loaded.error.status === 404)
      return (
        <p role="alert">
          This lead does not exist (any more). <a href="#/leads">Back to leads</a>
        </p>
      );
    return <LoadFailed what="the lead" onRetry={retry} />;
  }
  const record: ContactRecord = loaded.data;
  const { contact } = record;
  const reload = () => api.contact(contactId).then(replace, retry);
  const act = async (action: () => Promise<void>) => {
    setActionError('');
    try {
      await action();
    } catch (err) {
      setActionError(`That did not work: ${err instanceof Error ? err.message : 'try again'}.`);
    }
  };
  const erase = () =>
    act(async () => {
      if (!confirm('Erase this lead, its conversations and its events? This cannot be undone.')) return;
      setReceipt(await api.eraseContact(contactId));
    });
  const restrict = () =>
    act(async () => {
      await api.updateContact(contactId, { restricted: !record.restricted });
      await reload();
    });
  const saved = () => {
    setEditing(false);
    void reload();
  };
  return (
    <section aria-labelledby="lead-title">
      <p>
        <a href="#/leads">← Leads</a>
      </p>
      <h1 id="lead-title">{[contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || 'Lead'}</h1>
      {record.restricted && (
        <p class="badge" role="note">
          Restricted: kept, but left out of exports.
        </p>
      )}
      {/* Buttons a role could only be refused are not offered. */}
      {(can(role, 'write') || can(role, 'erase')) && (
        <div class="actions">
          {can(role, 'write') && (
            <>
              <button type="button" onClick={() => setEditing(!editing)}>
                {editing ? 'Cancel' : 'Correct'}
              </button>
              <button type="button" onClick={restrict}>
                {record.restricted ? 'Lift restriction' : 'Restrict'}
              </button>
            </>
          )}
          {can(role, 'erase') && (
            <button type="button" class="danger" onClick={erase}>
              Erase
            </button>
          )}
        </div>
      )}
      {actionError && (
        <p role="alert" class="error">
          {actionError}
        </p>
      )}
      {editing ? (
        <CorrectLead contact={contact} contactId={contactId} onSaved={saved} />
      ) : (
        <dl class="fields">
          {LEAD_FIELDS.map((f) => [<dt key={`${f}-t`}>{LEAD_FIELD_LABELS[f]}</dt>, <dd key={f}>{contact[f] || '—'}</dd>])}
          <dt>Captured</dt>
          <dd>{new Date(contact.createdAt).toLocaleString()}</dd>
          <dt>Marketing consent</dt>
          <dd>
            {record.consent.marketing ? 'Yes' : 'No'}
            {record.consent.text && (
              <>
                {' '}
                to <q>{record.consent.text}</q>
              </>
            )}
          </dd>
          <dt>Page</dt>
          <dd>{contact.pageUrl || '—'}</dd>
          <dt>Source</dt>
          <dd>{[contact.utmSource, contact.utmMedium, contact.utmCampaign].filter(Boolean).join(' / ') || contact.referrer || '—'}</dd>
          <dt>Network</dt>
          <dd>
            {contact.ipNetwork || '—'} {contact.country}
          </dd>
          <dt>Device</dt>
          <dd>{[contact.browser, contact.os, contact.deviceType].filter(Boolean).join(', ') || '—'}</dd>
        </dl>
      )}
      <h2>Answers</h2>
      {contact.answers.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <dl class="answers">{contact.answers.map((a, i) => [<dt key={`q${i}`}>{a.question}</dt>, <dd key={`a${i}`}>{a.answer}</dd>])}</dl>
      )}
      <h2>Conversation</h2>
      {record.conversations.length === 0 ? (
        <p class="muted">No conversation.</p>
      ) : (
        record.conversations.map((c) => <Transcript key={c.conversationId} messages={c.messages} />)
      )}
      <h2>Timeline</h2>
      {record.events.length === 0 ? (
        <p class="muted">No behavioural events (none recorded, or no consent).</p>
      ) : (
        <ol class="timeline">
          {record.events.map((e) => (
            <li key={e.eventId}>
              <time dateTime={e.ts}>{new Date(e.ts).toLocaleString()}</time> {e.type.replace('_', ' ')}{' '}
              {e.type === 'scroll' ? `${e.depth}%` : e.type === 'click' ? e.text || e.href : e.type === 'custom' ? e.name : e.url}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
