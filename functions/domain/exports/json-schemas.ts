import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import { EXPORT_SCHEMAS } from '../../../shared/schemas/exports';

/** A valibot schema as JSON Schema (2020-12), without its `$schema` line. */
export function jsonSchemaOf(schema: GenericSchema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = toJsonSchema(schema, { errorMode: 'ignore' }) as Record<string, unknown>;
  return rest;
}

/** JSON Schema (2020-12 compatible) of every exportable structure, generated from the valibot schemas. */
export function exportJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(EXPORT_SCHEMAS).map(([name, schema]) => [
      name,
      { $schema: 'https://json-schema.org/draft/2020-12/schema', title: name, ...jsonSchemaOf(schema) },
    ]),
  );
}
