import type { WidgetConfig } from '../../shared/schemas/settings';
import type { Locale } from './locale';
import type { Job, Store } from './state';

/**
 * What the launcher bundle hands the lazily loaded chat panel: the config,
 * the visitor's state and the outbox. Types only, so neither bundle pulls in
 * the other's code.
 */
export interface ChatHost {
  config: WidgetConfig;
  locale: Locale;
  store: Store;
  send(job: Job): void;
  offline(): boolean;
  /** Lead fields the site passed with `Parley('identify', fields)`, unvalidated. */
  identified: Record<string, string>;
  /** Ask for analytics consent in the panel (consent required and not yet given). */
  askAnalytics(): boolean;
  consent(analytics: boolean): void;
  close(): void;
  adopt(css: string): void;
}

/** What the chat bundle registers with `Parley('_chat', mount)`. */
export type MountChat = (host: ChatHost, frame: HTMLElement) => (open: boolean, focus: boolean) => void;
