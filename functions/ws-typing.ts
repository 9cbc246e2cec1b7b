import { TypingFrameSchema } from '../shared/schemas/live';
import { typing } from './domain/live-chat';
import { frameHandler, sideOf } from './http/socket-handler';

/** Socket route `typing` `{ type, conversationId }`: "typing…" to the other side, nothing stored. */
export const handler = frameHandler(TypingFrameSchema, (frame, owner, tenant) => typing(tenant, frame.conversationId, sideOf(owner)));
