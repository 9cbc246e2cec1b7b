import { WEBHOOK_EVENT_TYPES, webhookEnvelopeSchema } from '../../../shared/schemas/webhooks';
import { jsonSchemaOf } from '../exports/json-schemas';

/** JSON Schema of each event's delivery body (`{ type, timestamp, data }`), named by event type. */
export function webhookEventJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${type} event`, ...jsonSchemaOf(webhookEnvelopeSchema(type)) },
    ]),
  );
}
