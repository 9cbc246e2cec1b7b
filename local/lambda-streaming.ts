import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

/**
 * The part of the Lambda Node.js runtime that response streaming relies on
 * (`awslambda.streamifyResponse`, `awslambda.HttpResponseStream`), so the
 * local server runs streaming handlers exactly as Lambda does.
 */
const STREAMING = Symbol.for('parley.streamingHandler');

type StreamHandler = (event: unknown, stream: Writable, context: unknown) => Promise<void>;

interface Prelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

class HttpResponseStream extends Writable {
  private prelude: Prelude = {};
  constructor(private readonly res: ServerResponse) {
    super();
  }

  setPrelude(prelude: Prelude): void {
    this.prelude = prelude;
  }

  private writeHead(): void {
    if (this.res.headersSent) return;
    const headers: Record<string, string | string[]> = { ...(this.prelude.headers ?? {}) };
    if (this.prelude.cookies?.length) headers['Set-Cookie'] = this.prelude.cookies;
    this.res.writeHead(this.prelude.statusCode ?? 200, headers);
    // Lambda sends the prelude as soon as the handler has it, before any body.
    this.res.flushHeaders();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeHead();
    if (chunk.length === 0) return callback();
    if (this.res.write(chunk)) callback();
    else this.res.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writeHead();
    this.res.end(() => callback());
  }
}

export function installLambdaStreamingRuntime(): void {
  // The AWS SDK may already have created `awslambda` (for its invoke store).
  const global = globalThis as { awslambda?: Record<string, unknown> };
  const runtime = (global.awslambda ??= {});
  runtime.streamifyResponse ??= (handler: StreamHandler) => Object.assign(handler, { [STREAMING]: true });
  runtime.HttpResponseStream ??= {
    from: (stream: HttpResponseStream, prelude: Prelude) => {
      stream.setPrelude(prelude);
      return stream;
    },
  };
}

export function isStreamingHandler(handler: unknown): handler is StreamHandler {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[STREAMING] === true;
}

/** Runs a streaming handler with the HTTP response as its Lambda response stream. */
export async function runStreamingHandler(handler: StreamHandler, event: unknown, context: unknown, res: ServerResponse): Promise<void> {
  const stream = new HttpResponseStream(res);
  await handler(event, stream, context);
  if (!stream.writableEnded) stream.end();
}
