import { startLive } from './live';

/** `parley-live.js`: hands live chat to the launcher bundle, which loaded it once a conversation existed. */
try {
  (window as unknown as { Parley?: (cmd: string, start: unknown) => void }).Parley?.('_live', startLive);
} catch {
  // the page replaced window.Parley: nothing to attach to
}
