import * as v from 'valibot';
import { LEAD_FIELDS, type LeadField } from '../../../shared/events';
import { pickText } from '../../../shared/flow-graph';
import type { Condition, FlowNode } from '../../../shared/schemas/bots';
import { LeadFieldSchemas } from '../../../shared/schemas/lead-fields';
import { text } from '../../../shared/schemas/primitives';
import { urlMatches, utmOf } from '../../../shared/targeting';
import type { ChatHost } from '../chat-host';
import { addMessage, type Job } from '../state';

type Ask = Extract<FlowNode, { type: 'ask' }>;
type Choice = Extract<FlowNode, { type: 'choice' }>;
export type Stage = { kind: 'ask'; node: Ask } | { kind: 'choice'; node: Choice } | { kind: 'consent' } | { kind: 'chat' };

const ANSWER = text(2000);
const MESSAGE = text(4000);

/**
 * Checks an answer with the very schema the API applies to that field;
 * returns the normalised value, or undefined when it would be refused.
 */
export function check(field: LeadField | undefined, raw: string, max: 'answer' | 'message' | 'number' = 'answer'): string | undefined {
  const result = v.safeParse(field ? LeadFieldSchemas[field] : max === 'message' ? MESSAGE : ANSWER, raw);
  return result.success && (max !== 'number' || /^-?\d+([.,]\d+)?$/.test(result.output)) ? result.output : undefined;
}

const nodeOf = (host: ChatHost, id: string | undefined) => host.bot?.flow.nodes.find((n) => n.id === id);
/** A visitor back from an earlier session. */
export const returning = (host: ChatHost): boolean => !!host.store.state.rv;

/** A flow text in the widget's language. */
export const say$ = (host: ChatHost, t: Parameters<typeof pickText>[0]) => pickText(t, host.locale);

/** Where the visitor is in the bot flow. */
export function stageOf(host: ChatHost): Stage {
  const st = host.store.state;
  if (st.step === 1) return { kind: 'consent' };
  const node = st.step === 0 ? nodeOf(host, st.n) : undefined;
  return node?.type === 'ask' ? { kind: 'ask', node } : node?.type === 'choice' ? { kind: 'choice', node } : { kind: 'chat' };
}

/** Lines of a bot that opened by itself, shown but not sent until the visitor acts. */
let held: Job[] = [];

/**
 * Shows and sends one message. Bot messages are only ever the tenant's own
 * texts (the API refuses others). Times strictly increase, so the transcript
 * keeps the order the visitor saw even within one millisecond.
 */
function say(host: ChatHost, author: 'visitor' | 'bot', words: string): void {
  if (!words) return;
  const st = host.store.state;
  const { m } = st;
  const message = { id: host.newId('m'), author, text: words, ts: Math.max(Date.now(), (m[m.length - 1]?.ts ?? 0) + 1) };
  // Marked as sending while it waits for the API (in preview, with nothing stored, it never does).
  addMessage(st, { id: message.id, a: author, t: words, ts: message.ts, ...(host.engaged && host.store.allowed ? { p: 1 as const } : {}) });
  const job: Job = { k: 'm', b: message };
  if (host.engaged) host.net.send(job);
  else held.push(job);
}

/** The visitor acts: what the bot said meanwhile is sent first. */
function engage(host: ChatHost): void {
  host.engage();
  for (const job of held.splice(0)) {
    const shown = host.store.state.m.find((m) => m.id === (job.b as { id: string }).id);
    if (shown && host.store.allowed) shown.p = 1;
    host.net.send(job);
  }
}

/** The lead was sent: what the visitor writes now waits for a person. */
export const leadSent = (host: ChatHost): boolean => host.store.state.step === 2 && Object.keys(host.store.state.f).length > 0;

function holds(host: ChatHost, c: Condition): boolean {
  const href = location.href;
  switch (c.on) {
    case 'answer': {
      const given = (host.store.state.r?.[c.node] ?? '').toLowerCase();
      const want = c.value.toLowerCase();
      return c.op === 'equals' ? given === want : given.includes(want);
    }
    case 'url':
      return urlMatches(c.rule, href);
    case 'utm':
      return utmOf(href, c.key) === c.value.toLowerCase();
    case 'returning':
      return returning(host) === c.value;
    default:
      return host.locale === c.value;
  }
}

/**
 * Runs the flow from node `id` until it needs the visitor: an ask, a
 * choice, the marketing consent (at an end, once a lead field is known), or
 * its end. Steps are bounded, so even a flow that loops cannot hang the page.
 */
function run(host: ChatHost, id: string | undefined): void {
  const st = host.store.state;
  for (let steps = 0; steps < 200; steps++) {
    const node = nodeOf(host, id);
    if (!node) break;
    st.n = node.id;
    if (node.type === 'message') {
      say(host, 'bot', say$(host, node.text));
      id = node.next;
    } else if (node.type === 'score') {
      st.sc = (st.sc ?? 0) + node.points;
      id = node.next;
    } else if (node.type === 'condition') {
      id = node.rules.find((r) => holds(host, r.when))?.next ?? node.else;
    } else if (node.type === 'ask' && node.field && st.f[node.field]) {
      // Already known (`Parley('identify')`): never asked twice.
      id = node.next;
    } else if (node.type === 'ask' || node.type === 'choice') {
      say(host, 'bot', say$(host, node.text));
      return host.store.save();
    } else {
      if (node.type === 'handover') st.h = 1;
      if (Object.keys(st.f).length) {
        st.step = 1;
        say(host, 'bot', say$(host, host.bot?.flow.consentText));
        return host.store.save();
      }
      break;
    }
  }
  finish(host);
}

/** The flow is over: its last words, then free chat. */
function finish(host: ChatHost): void {
  const st = host.store.state;
  const node = nodeOf(host, st.n);
  st.step = 2;
  if (node && (node.type === 'end' || node.type === 'handover')) say(host, 'bot', say$(host, node.text));
  host.store.save();
}

/** Greets and runs the flow to its first question, once per conversation (once the tenant's flow is known). */
export function begin(host: ChatHost): void {
  const st = host.store.state;
  const { bot } = host;
  if (st.step >= 0 || !host.live || !bot) return;
  // The last text the site gave for each lead field, checked as the API would.
  const given: Partial<Record<LeadField, string>> = {};
  for (const fields of host.identified)
    for (const name of LEAD_FIELDS) {
      const value = fields[name];
      if (typeof value === 'string') given[name] = value.slice(0, 300);
    }
  for (const [name, value] of Object.entries(given)) {
    const ok = check(name as LeadField, value);
    if (ok) st.f[name as LeadField] = ok;
  }
  st.step = 0;
  st.b = host.variant ? [bot.id, bot.version, host.variant] : [bot.id, bot.version];
  held = [];
  // Counted for the tenant's own bots (A/B figures), not for the settings flow.
  if (bot.id !== 'settings') host.net.send({ k: 's', b: { botId: bot.id, ...(host.variant ? { variant: host.variant } : {}) } });
  run(host, bot.flow.start);
}

const remember = (host: ChatHost, node: FlowNode, value: string) => {
  const st = host.store.state;
  st.r = { ...st.r, [node.id]: value };
};

/** The visitor's answer or message; false when the field's schema refuses it. */
export function answer(host: ChatHost, raw: string): boolean {
  const st = host.store.state;
  const stage = stageOf(host);
  if (stage.kind === 'consent' || stage.kind === 'choice') return false;
  const field = stage.kind === 'ask' ? stage.node.field : undefined;
  const value = check(field, raw, stage.kind === 'chat' ? 'message' : stage.node.validate === 'number' ? 'number' : 'answer');
  if (value === undefined) return false;
  engage(host);
  say(host, 'visitor', raw.trim());
  if (stage.kind === 'chat') {
    host.store.save();
    return true;
  }
  const { node } = stage;
  remember(host, node, value);
  if (field) st.f[field] = value;
  else st.ans.push({ question: say$(host, node.text).slice(0, 500), answer: value });
  run(host, node.next);
  return true;
}

/** A choice's button. */
export function choose(host: ChatHost, optionId: string): void {
  const stage = stageOf(host);
  const option = stage.kind === 'choice' ? stage.node.options.find((o) => o.id === optionId) : undefined;
  if (!option || stage.kind !== 'choice') return;
  const st = host.store.state;
  const label = say$(host, option.label);
  engage(host);
  say(host, 'visitor', label);
  remember(host, stage.node, option.id);
  st.sc = (st.sc ?? 0) + (option.score ?? 0);
  st.ans.push({ question: say$(host, stage.node.text).slice(0, 500), answer: label });
  run(host, option.next);
}

/** Skips an optional question. */
export function skip(host: ChatHost): void {
  const stage = stageOf(host);
  if (stage.kind !== 'ask' || stage.node.required) return;
  engage(host);
  run(host, stage.node.next);
}

/** The marketing-consent choice, after which the lead is sent with its score. */
export function decide(host: ChatHost, marketing: boolean, label: string): void {
  const st = host.store.state;
  if (stageOf(host).kind !== 'consent') return;
  engage(host);
  say(host, 'visitor', label);
  host.net.send({
    k: 'l',
    b: {
      pageUrl: location.href.slice(0, 2048),
      referrer: document.referrer.slice(0, 2048),
      fields: st.f,
      answers: st.ans,
      consent: { marketing, text: say$(host, host.bot?.flow.consentText) },
      score: st.sc ?? 0,
    },
  });
  finish(host);
}
