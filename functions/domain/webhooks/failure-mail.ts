import { sendMail } from '../../lib/mailer';
import { listMembers } from '../accounts/people';
import type { StoredWebhook } from './endpoints';

/** Tells each owner that Parley turned off an endpoint whose deliveries kept failing; the URL's host only, no path or query. */
export async function mailOwnersEndpointDisabled(tenantId: string, webhook: StoredWebhook): Promise<number> {
  const owners = (await listMembers(tenantId)).filter((m) => m.role === 'owner' && !m.pending);
  const host = new URL(webhook.url).host;
  for (const owner of owners) {
    await sendMail({
      to: owner.email,
      subject: `Parley turned off a webhook to ${host}`.replace(/[\r\n]+/g, ' '),
      text: [
        'Hello,',
        '',
        `Deliveries to the webhook endpoint at ${host} (${webhook.id}) failed on every retry for about three days,`,
        'so Parley turned the endpoint off. Events are no longer sent to it.',
        '',
        'Check the delivery log under Webhooks in the dashboard, fix the receiver, then turn the endpoint on',
        'again and redeliver what it missed.',
      ].join('\n'),
    });
  }
  return owners.length;
}
