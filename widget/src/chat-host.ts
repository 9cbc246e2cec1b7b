import type { LiveBot } from '../../shared/schemas/bots';
import type { WidgetConfig } from '../../shared/schemas/settings';
import type { Locale } from './locale';
import type { Job, Store } from './state';
import type { Offline } from './transport';

/**
 * What the launcher bundle hands the lazily loaded chat panel: the config,
 * the visitor's state and the outbox. Types only, so neither bundle pulls in
 * the other's code.
 */
export interface ChatHost {
  /** The tenant's config; a stand-in with no bot flow while the API cannot be reached (`live` false). */
  config: WidgetConfig;
  live: boolean;
  locale: Locale;
  /** The bot for this page (targeting, `Parley('start', botId)`), or none: free chat only. */
  bot: LiveBot | undefined;
  /** The A/B variant of the bot this visitor gets (`a`: the bot's own flow). */
  variant?: string;
  /** The bot `Parley('start', botId)` asked for, until the panel starts it. */
  want?: string;
  /** Opens the panel; `proactive`: a bot's trigger did, not the visitor. */
  open(focus: boolean, proactive: boolean): void;
  /** A visitor back from an earlier session. */
  returning(): boolean;
  /**
   * The visitor acts in the panel: from now on the chat may store and send.
   * Until then a bot that opened by itself shows its lines without sending them.
   */
  engage(): void;
  engaged: boolean;
  store: Store;
  send(job: Job): void;
  /** The launcher's id maker, so the chat bundle carries none of its own. */
  newId(prefix: string): string;
  offline(): Offline;
  /** Lead fields the site passed with `Parley('identify', fields)`, unvalidated. */
  identified: Record<string, string>;
  /** Ask for analytics consent in the panel (consent required and not yet given). */
  askAnalytics(): boolean;
  consent(analytics: boolean): void;
  /** `Parley('forget')` from the panel, which stays open: false while the erasure waits to reach the API. */
  forget(): Promise<boolean>;
  close(): void;
  adopt(css: string): void;
}

/** What the chat bundle registers with `Parley('_chat', mount)`. */
export type MountChat = (host: ChatHost, frame: HTMLElement) => (open: boolean, focus: boolean) => void;

/** What the live chat bundle registers with `Parley('_live', start)`: it listens for replies through the API at `api`. */
export type StartLive = (api: string, store: Store) => void;
