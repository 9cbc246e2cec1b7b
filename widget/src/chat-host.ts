import type { LiveBot } from '../../shared/schemas/bots';
import type { WidgetConfig } from '../../shared/schemas/settings';
import type { Locale } from './locale';
import type { Shell } from './shell';
import type { Store } from './state';
import type { Outbox } from './transport';

/** The config as the widget uses it; the stand-in while the API is down has no theme. */
export type HostConfig = Omit<WidgetConfig, 'bot' | 'theme'> & { theme: Partial<WidgetConfig['theme']> };

/**
 * What the launcher bundle hands the lazily loaded chat panel: the config,
 * the visitor's state and the outbox. Types only, so neither bundle pulls in
 * the other's code.
 */
export interface ChatHost {
  site: string;
  /** The tenant's config; a stand-in with no bot flow while the API cannot be reached (`live` false). */
  config: HostConfig;
  live: boolean;
  locale: Locale;
  /** The bot for this page (targeting, `Parley('start', botId)`), or none: free chat only. */
  bot?: LiveBot | undefined;
  /** The A/B variant of the bot this visitor gets (`a`: the bot's own flow). */
  variant?: string;
  /** The bot `Parley('start', botId)` asked for, until the panel starts it. */
  want?: string;
  /** Opens the panel; `proactive`: a bot's trigger did, not the visitor. */
  open(focus?: boolean, proactive?: boolean): void;
  /**
   * The visitor acts in the panel: from now on the chat may store and send.
   * Until then a bot that opened by itself shows its lines without sending them.
   */
  engage(): void;
  engaged?: boolean;
  store: Store;
  /** The outbox; the panel plugs in the delivery of its jobs (`net.chat`). */
  net: Outbox;
  /** The launcher's id maker, so the chat bundle carries none of its own. */
  newId(prefix: string): string;
  /** What the site passed with each `Parley('identify', fields)`, unvalidated: the panel takes the lead fields. */
  identified: Record<string, unknown>[];
  /** Ask for analytics consent in the panel (consent required and not yet given). */
  askAnalytics(): boolean;
  /** As `Parley('consent', { analytics })`. */
  consent(choice: { analytics: boolean }): void;
  /** `Parley('forget')`, from the panel (`true`), which stays open: erases everything local; the panel erases through the API (the token waits in `state.x`). */
  forget(fromPanel?: boolean): void;
  close(): void;
  /**
   * The widget's corner: `frame`, where the panel renders; `adopt` for its
   * styles; `setOpen` for the launcher's state, which the panel marks open
   * (its label, the close icon) once it shows, and the launcher closed.
   */
  shell: Pick<Shell, 'frame' | 'adopt' | 'setOpen'>;
}

/** What the chat bundle registers with `Parley('_chat', mount)`. */
export type MountChat = (host: ChatHost) => (open: boolean, focus: boolean) => void;

/** What the live chat bundle registers with `Parley('_live', start)`: it listens for replies through the API at `api`. */
export type StartLive = (api: string, store: Store) => void;
