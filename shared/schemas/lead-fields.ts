import * as v from 'valibot';
import { text } from './primitives';

/**
 * Validators for each lead field. The widget checks a visitor's answer with
 * the very same schema the API applies, so both give the same verdict.
 */
export const LeadFieldSchemas = {
  firstName: text(100),
  lastName: text(100),
  email: v.pipe(v.string('must be a string'), v.trim(), v.maxLength(254, 'is too long'), v.email('must be an email address'), v.toLowerCase()),
  phone: v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.regex(/^\+?[0-9 ().-]{5,32}$/, 'must be a phone number'),
    v.check((p) => p.replace(/\D/g, '').length >= 5, 'must be a phone number'),
  ),
  company: text(200),
} as const;

export const LeadFieldsSchema = v.strictObject(
  {
    firstName: v.optional(LeadFieldSchemas.firstName),
    lastName: v.optional(LeadFieldSchemas.lastName),
    email: v.optional(LeadFieldSchemas.email),
    phone: v.optional(LeadFieldSchemas.phone),
    company: v.optional(LeadFieldSchemas.company),
  },
  'has an unknown field',
);
export type LeadFields = v.InferOutput<typeof LeadFieldsSchema>;

/**
 * `PATCH /v1/contacts/{id}`: corrected fields (flat or under `fields`, validated
 * as at ingest) and/or `restricted` to restrict or lift processing.
 */
export const ContactPatchSchema = v.pipe(
  v.strictObject(
    {
      ...LeadFieldsSchema.entries,
      fields: v.optional(LeadFieldsSchema),
      restricted: v.optional(v.boolean('must be true or false')),
    },
    'has an unknown field',
  ),
  v.transform(({ fields, restricted, ...flat }) => ({ fields: { ...flat, ...fields } as LeadFields, restricted })),
  v.check((c) => c.restricted !== undefined || Object.values(c.fields).some((x) => x !== undefined), 'must change at least one field or the restriction'),
);
