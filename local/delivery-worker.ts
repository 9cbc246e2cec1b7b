import { runDueReplyMails } from '../functions/domain/offline-reply';
import { drainOutbox, runDueDeliveries } from '../functions/domain/webhooks/worker';
import { config } from '../functions/lib/config';
import { log } from '../functions/lib/log';

/**
 * The local stand-in for the outbox stream and the retry job: every
 * `PARLEY_WORKER_POLL_MS` it fans out queued outbox events and attempts the
 * due deliveries and reply mails, reading the same outbox and queues the Lambdas read.
 * Several may run against one table (one per test server): every step is claimed.
 */
export function startDeliveryWorker(options: { pollMs?: number } = {}): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let quietUntil = 0;
  const tick = async () => {
    try {
      await drainOutbox();
      await runDueDeliveries();
      await runDueReplyMails();
    } catch (error) {
      // DynamoDB away (a fault test, a restart): say so once a minute, keep polling.
      if (Date.now() > quietUntil) log.warn('delivery worker: poll failed', { error });
      quietUntil = Date.now() + 60_000;
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.pollMs ?? config.workerPollMs());
    });
  };
  timer = setTimeout(loop, 0);
  timer.unref?.();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
