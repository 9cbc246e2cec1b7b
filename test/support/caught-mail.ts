import { inject } from 'vitest';
import type { CaughtMail } from '../../local/mail-catcher';

/**
 * Waits until the run's mail catcher holds a mail matching `match` (test
 * files share the catcher, so match on something unique, e.g. the recipient).
 */
export async function waitForMail(match: (mail: CaughtMail) => boolean, timeoutMs = 5_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(inject('caughtMailUrl'));
    const found = ((await response.json()) as CaughtMail[]).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No matching mail arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
