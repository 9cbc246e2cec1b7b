import { mountChat } from './panel';

/** `parley-chat.js`: hands the panel to the launcher bundle, which loaded it. */
try {
  (window as unknown as { Parley?: (cmd: string, mount: unknown) => void }).Parley?.('_chat', mountChat);
} catch {
  // the page replaced window.Parley: nothing to attach to
}
