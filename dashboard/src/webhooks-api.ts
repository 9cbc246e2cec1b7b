import type * as v from 'valibot';
import type {
  DeliveriesSchema,
  TestSentSchema,
  WebhookCreatedSchema,
  WebhookEventType,
  WebhookSchema,
  WebhookSecretSchema,
} from '../../shared/schemas/webhooks';
import { request, send } from './api';

export type Webhook = v.InferOutput<typeof WebhookSchema>;
export type Delivery = v.InferOutput<typeof DeliveriesSchema>['data'][number];

const at = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

/** The webhook endpoints of the team and their delivery logs (owners and admins). */
export const webhooksApi = {
  list: async () => (await request<{ data: Webhook[] }>('/v1/webhooks')).data,
  create: (url: string, events: WebhookEventType[]) => send<v.InferOutput<typeof WebhookCreatedSchema>>('POST', '/v1/webhooks', { url, events }),
  update: (id: string, change: { url?: string; events?: WebhookEventType[]; enabled?: boolean }) => send<Webhook>('PATCH', at(id), change),
  remove: (id: string) => send<void>('DELETE', at(id)),
  rotate: (id: string) => send<v.InferOutput<typeof WebhookSecretSchema>>('POST', `${at(id)}/rotate`),
  sendTest: (id: string) => send<v.InferOutput<typeof TestSentSchema>>('POST', `${at(id)}/test`),
  deliveries: async (id: string) => (await request<{ data: Delivery[] }>(`${at(id)}/deliveries`)).data,
  redeliver: (id: string, deliveryId: string) => send<Delivery>('POST', `${at(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
};
