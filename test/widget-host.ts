import { vi } from 'vitest';
import type { ChatHost } from '../widget/src/chat-host';
import { mountChat } from '../widget/src/chat/panel';
import { newId } from '../widget/src/ids';
import type { Store } from '../widget/src/state';
import { createOutbox } from '../widget/src/transport';
import { API, CONFIG, SITE } from './widget-fake-api';

const frames: HTMLElement[] = [];

/**
 * The panel's host as the launcher makes it: config, store, outbox and a
 * frame of its own; `forget` clears everything local as `Parley('forget')`
 * does (the panel erases through the API).
 */
export function panelHost(store: Store, overrides: Partial<ChatHost> = {}): ChatHost {
  const frame = document.createElement('div');
  document.body.append(frame);
  frames.push(frame);
  return {
    site: SITE,
    config: CONFIG,
    bot: CONFIG.bots[0],
    engaged: true,
    engage: () => undefined,
    open: () => undefined,
    live: true,
    locale: 'en',
    store,
    net: createOutbox(API, store, false, () => undefined),
    identified: [],
    newId,
    askAnalytics: () => false,
    consent: vi.fn(),
    forget: (fromPanel) => {
      const token = store.state.t ?? store.state.x;
      store.clear(token);
      store.state.o = fromPanel;
    },
    close: vi.fn(),
    shell: { frame, adopt: () => undefined, setOpen: vi.fn() },
    ...overrides,
  };
}

/** Mounts the panel as the launcher does, and shows it. */
export const mountPanel = (host: ChatHost, focus: boolean): void => mountChat(host)(true, focus);

/** Removes every mounted panel. */
export function unmountPanels(): void {
  for (const frame of frames.splice(0)) frame.remove();
}
