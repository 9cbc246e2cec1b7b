import * as v from 'valibot';
import type { LeadField } from '../../../shared/events';
import { LeadFieldSchemas } from '../../../shared/schemas/lead-fields';
import { text } from '../../../shared/schemas/primitives';
import type { BotFlow } from '../../../shared/schemas/settings';
import type { ChatHost } from '../chat-host';
import type { State } from '../state';

type Question = BotFlow['questions'][number];
export type Stage = { kind: 'question'; q: Question } | { kind: 'consent' } | { kind: 'chat' };

const ANSWER = text(2000);
const MESSAGE = text(4000);

/**
 * Checks an answer with the very schema the API applies to that field;
 * returns the normalised value, or undefined when it would be refused.
 */
export function check(field: LeadField | undefined, raw: string, max: 'answer' | 'message' = 'answer'): string | undefined {
  const result = v.safeParse(field ? LeadFieldSchemas[field] : max === 'answer' ? ANSWER : MESSAGE, raw);
  return result.success ? result.output : undefined;
}

/** Where the visitor is in the bot flow. */
export function stageOf(bot: BotFlow, st: State): Stage {
  const q = bot.questions[st.step];
  if (q) return { kind: 'question', q };
  // No consent text: the stand-in config while the API is unreachable, which asks nothing.
  return st.step === bot.questions.length && bot.consentText && Object.keys(st.f).length > 0 ? { kind: 'consent' } : { kind: 'chat' };
}

/**
 * Shows and sends one message. Bot messages are only ever the tenant's own
 * texts (the API refuses others). Times strictly increase, so the transcript
 * keeps the order the visitor saw even within one millisecond.
 */
function say(host: ChatHost, author: 'visitor' | 'bot', words: string): void {
  const { m } = host.store.state;
  const message = { id: host.newId('m'), author, text: words, ts: Math.max(Date.now(), (m[m.length - 1]?.ts ?? 0) + 1) };
  m.push({ id: message.id, a: author, t: words, ts: message.ts, p: 1 });
  host.send({ k: 'm', b: message });
}

/** The lead was sent: what the visitor writes now waits for a person. */
export const leadSent = (bot: BotFlow, st: State): boolean => st.step > bot.questions.length && Object.keys(st.f).length > 0;

/** Moves past questions already answered by `identify`, then asks the next thing. */
function ask(host: ChatHost): void {
  const { bot } = host.config;
  const st = host.store.state;
  for (let q = bot.questions[st.step]; q?.field && st.f[q.field]; q = bot.questions[st.step]) st.step++;
  const stage = stageOf(bot, st);
  if (stage.kind === 'question') say(host, 'bot', stage.q.text);
  else if (stage.kind === 'consent') say(host, 'bot', bot.consentText);
  else st.step = bot.questions.length + 1;
  host.store.save();
}

/** Greets and asks the first question, once per conversation (once the tenant's flow is known). */
export function begin(host: ChatHost): void {
  const st = host.store.state;
  if (st.step >= 0 || !host.live) return;
  for (const [name, value] of Object.entries(host.identified)) {
    const ok = check(name as LeadField, value);
    if (ok) st.f[name as LeadField] = ok;
  }
  st.step = 0;
  say(host, 'bot', host.config.bot.greeting);
  ask(host);
}

/** The visitor's answer or message; false when the field's schema refuses it. */
export function answer(host: ChatHost, raw: string): boolean {
  const st = host.store.state;
  const stage = stageOf(host.config.bot, st);
  if (stage.kind === 'consent') return false;
  const field = stage.kind === 'question' ? stage.q.field : undefined;
  const value = check(field, raw, stage.kind === 'chat' ? 'message' : 'answer');
  if (value === undefined) return false;
  say(host, 'visitor', raw.trim());
  if (stage.kind === 'chat') {
    host.store.save();
    return true;
  }
  if (field) st.f[field] = value;
  else st.ans.push({ question: stage.q.text, answer: value });
  st.step++;
  ask(host);
  return true;
}

/** Skips an optional question. */
export function skip(host: ChatHost): void {
  const stage = stageOf(host.config.bot, host.store.state);
  if (stage.kind !== 'question' || stage.q.required) return;
  host.store.state.step++;
  ask(host);
}

/** The marketing-consent choice, after which the lead is sent. */
export function decide(host: ChatHost, marketing: boolean, label: string): void {
  const st = host.store.state;
  const { bot } = host.config;
  if (stageOf(bot, st).kind !== 'consent') return;
  say(host, 'visitor', label);
  host.send({
    k: 'l',
    b: {
      pageUrl: location.href.slice(0, 2048),
      referrer: document.referrer.slice(0, 2048),
      fields: st.f,
      answers: st.ans,
      consent: { marketing, text: bot.consentText },
    },
  });
  st.step++;
  say(host, 'bot', bot.thanks);
  host.store.save();
}
