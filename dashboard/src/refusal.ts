import { ApiError } from './api';

/** What a refused change says: the API's reason for 403 (role) and 409 (such as the last owner), its issues for 400, else a plain failure. */
export function refusal(err: unknown): string {
  if (err instanceof ApiError && (err.status === 403 || err.status === 409)) return `Not allowed: ${err.message.replace(/\.$/, '')}.`;
  if (err instanceof ApiError && err.issues.length > 0) return err.issues.map((i) => `${i.path} ${i.message}`).join('. ');
  return `That did not work: ${err instanceof Error ? err.message : 'try again'}.`;
}
