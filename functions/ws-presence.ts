import { PresenceFrameSchema } from '../shared/schemas/live';
import { presence } from './domain/live-chat';
import { frameHandler } from './http/socket-handler';
import { ApiError } from './lib/errors';

/** Socket route `presence` `{ type, status: online | away }`: a person of the team, from their inbox. */
export const handler = frameHandler(PresenceFrameSchema, async (frame, owner, tenant) => {
  if (owner.side !== 'team') throw new ApiError(403, 'forbidden', 'Only the team has a presence');
  await presence(tenant, owner, frame.status);
});
