import { SeenFrameSchema } from '../shared/schemas/live';
import { seen } from './domain/live-chat';
import { frameHandler, sideOf } from './http/socket-handler';

/** Socket route `seen` `{ type, conversationId, seq }`: this side has read up to `seq`. */
export const handler = frameHandler(SeenFrameSchema, (frame, owner, tenant) => seen(tenant, frame.conversationId, frame.seq, sideOf(owner)));
