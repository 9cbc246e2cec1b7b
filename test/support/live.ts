import WebSocket from 'ws';

export type Frame = { type: string; conversationId?: string; [key: string]: unknown };

export interface LiveSocket {
  ws: WebSocket;
  /** Every frame received so far, in order. */
  frames: Frame[];
  /** The next frame of this type (and matching `where`), waiting up to `ms` for it. */
  next: (type: string, where?: (f: Frame) => boolean, ms?: number) => Promise<Frame>;
  send: (frame: unknown) => void;
  close: () => void;
}

/** Opens `/v1/live?token=…` as a browser would, keeping every frame it receives. */
export function openLive(base: string, token: string, headers: Record<string, string> = {}): Promise<LiveSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/live?token=${encodeURIComponent(token)}`, { headers });
    const frames: Frame[] = [];
    const used = new Set<number>();
    const listeners = new Set<() => void>();
    ws.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Frame);
      for (const l of listeners) l();
    });
    const next = (type: string, where: (f: Frame) => boolean = () => true, ms = 5_000) =>
      new Promise<Frame>((done, fail) => {
        const look = () => {
          const i = frames.findIndex((f, n) => !used.has(n) && f.type === type && where(f));
          if (i < 0) return false;
          used.add(i);
          listeners.delete(look);
          clearTimeout(timer);
          done(frames[i]!);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(look);
          fail(new Error(`no ${type} frame within ${ms} ms; got ${JSON.stringify(frames.filter((_, n) => !used.has(n)))}`));
        }, ms);
        if (!look()) listeners.add(look);
      });
    ws.on('open', () => resolve({ ws, frames, next, send: (f) => ws.send(JSON.stringify(f)), close: () => ws.close() }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.on('error', reject);
  });
}
