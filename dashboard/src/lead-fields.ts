import * as v from 'valibot';
import { LEAD_FIELDS, type LeadField } from '../../shared/events';
import { LeadFieldSchemas } from '../../shared/schemas/lead-fields';

/** What the owner reads for each lead field, wherever the dashboard names one. */
export const LEAD_FIELD_LABELS: Record<LeadField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
};

export const isLeadField = (value: string): value is LeadField => (LEAD_FIELDS as readonly string[]).includes(value);

/** The API's own verdict on one field value (the same schema it applies), or undefined when valid. */
export function leadFieldProblem(field: LeadField, value: string): string | undefined {
  const result = v.safeParse(LeadFieldSchemas[field], value);
  return result.success ? undefined : result.issues[0].message;
}

/** `Email must be an email address.` */
export const fieldMessage = (field: LeadField, problem: string) => `${LEAD_FIELD_LABELS[field]} ${problem.replace(/\.$/, '')}.`;
