import type { LeadField } from '../../../shared/events';
import type { Locale } from '../locale';
import ar from './locales/ar';
import de from './locales/de';
import en from './locales/en';
import es from './locales/es';
import fi from './locales/fi';
import fr from './locales/fr';
import sv from './locales/sv';

/** The panel's own words; the bot's come from the tenant's config. */
export interface ChatTexts {
  close: string;
  placeholder: string;
  send: string;
  skip: string;
  yes: string;
  no: string;
  sending: string;
  /** The visitor's own network is down. */
  offline: string;
  /** The browser is online but our API cannot be reached. */
  down: string;
  you: string;
  analytics: string;
  allow: string;
  deny: string;
  forget: string;
  forgetAsk: string;
  erase: string;
  cancel: string;
  erased: string;
  /** Erased on this device; the API has yet to be reached. */
  eraseQueued: string;
  /** After the lead is sent: who answers free text, and how. */
  replyLater: string;
  /** A handover step of the flow: the bot ends, a person of the team takes over. */
  handover: string;
  /** The live chat's line: `o` someone will answer here, `a` nobody online (reply by mail), `e` nobody online (leave an email), `s` seen. */
  live: Record<'o' | 'a' | 'e' | 's', string>;
  /** After a person's name: they are typing. */
  typing: string;
  invalid: Record<LeadField | 'text', string>;
}

/**
 * Every locale, for tests and type checks. The build makes one chat bundle
 * per locale (widget/vite.config.ts), each holding only its own texts.
 */
export const TEXTS: Record<Locale, ChatTexts> = { en, fi, sv, de, fr, es, ar };
