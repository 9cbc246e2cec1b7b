import * as v from 'valibot';
import { frameHandler } from './http/socket-handler';

/** `$default`: any other frame (the widget's and the inbox's keep-alive pings); counted against the send rate, otherwise ignored. */
export const handler = frameHandler(v.unknown(), async () => {});
