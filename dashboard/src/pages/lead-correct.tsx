import { useState } from 'preact/hooks';
import { LEAD_FIELDS, type LeadField } from '../../../shared/events';
import type { LeadRow } from '../../../shared/schemas/exports';
import { ApiError, api } from '../api';
import { LEAD_FIELD_LABELS, fieldMessage, isLeadField, leadFieldProblem } from '../lead-fields';

type Problems = Partial<Record<LeadField, string>>;

/** `fields.email` or `email` → `email`; anything else is not about one field. */
function fieldOfIssue(path: string): LeadField | undefined {
  const last = path.split('.').at(-1) ?? '';
  return isLeadField(last) ? last : undefined;
}

/**
 * Corrects a lead's fields (rectification). Each changed value is checked
 * with the API's own schema before sending, and whatever the API still
 * refuses is shown beside the field it concerns.
 */
export function CorrectLead({ contact, contactId, onSaved }: { contact: LeadRow; contactId: string; onSaved: () => void }) {
  const [problems, setProblems] = useState<Problems>({});
  const [formError, setFormError] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const changed = LEAD_FIELDS.flatMap((f) => {
      const value = String(data.get(f) ?? '');
      return value.trim() === contact[f] ? [] : [[f, value] as const];
    });
    const found: Problems = {};
    for (const [f, value] of changed) {
      const problem = leadFieldProblem(f, value);
      if (problem) found[f] = fieldMessage(f, problem);
    }
    setProblems(found);
    setFormError('');
    const first = LEAD_FIELDS.find((f) => found[f]);
    if (first) return form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
    if (changed.length === 0) return onSaved();
    setSaving(true);
    try {
      await api.updateContact(contactId, Object.fromEntries(changed));
      onSaved();
    } catch (err) {
      const byField: Problems = {};
      const other: string[] = [];
      for (const issue of err instanceof ApiError ? err.issues : []) {
        const f = fieldOfIssue(issue.path);
        if (f) byField[f] ??= fieldMessage(f, issue.message);
        else other.push(issue.message);
      }
      setProblems(byField);
      if (other.length || Object.keys(byField).length === 0)
        setFormError(`Not saved: ${other.join('; ') || (err instanceof Error ? err.message : 'try again')}`);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="edit" onSubmit={save} noValidate aria-label="Correct the lead">
      {LEAD_FIELDS.map((f) => (
        <div class="field" key={f}>
          <label for={`correct-${f}`}>{LEAD_FIELD_LABELS[f]}</label>
          <input
            id={`correct-${f}`}
            name={f}
            inputMode={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
            defaultValue={contact[f]}
            {...(problems[f] ? { 'aria-invalid': true, 'aria-describedby': `problem-${f}` } : {})}
          />
          {problems[f] && (
            <span id={`problem-${f}`} class="field-problem">
              {problems[f]}
            </span>
          )}
        </div>
      ))}
      {formError && (
        <p role="alert" class="error">
          {formError}
        </p>
      )}
      <button type="submit" disabled={saving}>
        Save
      </button>
    </form>
  );
}
