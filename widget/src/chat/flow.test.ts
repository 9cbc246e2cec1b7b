// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { flowFromLegacy } from '../../../shared/flow-graph';
import type { Flow, LiveBot } from '../../../shared/schemas/bots';
import { DEFAULT_SETTINGS } from '../../../shared/schemas/settings';
import type { ChatHost } from '../chat-host';
import { createStore } from '../state';
import { chooseBot } from './bot-choice';
import { answer, begin, check, choose, decide, leadSent, stageOf } from './flow';

const bot = (flow: Flow): LiveBot => ({
  id: 'b1',
  version: 3,
  priority: 0,
  targeting: { urls: [], utm: {}, languages: [], visitors: 'all' },
  trigger: { exitIntent: false, combine: 'any', frequency: 'session' },
  flow,
});

function host(flow: Flow, options: { returning?: boolean; locale?: ChatHost['locale']; engaged?: boolean } = {}) {
  const sent: { k: string; b: Record<string, unknown> }[] = [];
  const h = {
    config: {} as ChatHost['config'],
    live: true,
    locale: options.locale ?? 'en',
    bot: bot(flow),
    engaged: options.engaged ?? true,
    engage: () => {
      h.engaged = true;
    },
    store: createStore('ps_test', false),
    identified: [],
    net: { send: (job: { k: string; b: Record<string, unknown> }) => sent.push(job) },
    newId: (p: string) => `${p}_${Math.random().toString(36).slice(2)}`,
  } as unknown as ChatHost;
  // A visitor back from an earlier session.
  if (options.returning) h.store.state.rv = 1;
  return { h, sent, bots: () => h.store.state.m.filter((m) => m.a === 'bot').map((m) => m.t) };
}

const branching: Flow = {
  start: 'hi',
  consentText: { en: 'News by email?', fi: 'Uutisia sähköpostiin?' },
  nodes: [
    { id: 'hi', type: 'message', text: { en: 'Hello!', fi: 'Hei!' }, next: 'back' },
    { id: 'back', type: 'condition', rules: [{ when: { on: 'returning', value: true }, next: 'again' }], else: 'size' },
    { id: 'again', type: 'message', text: { en: 'Welcome back.' }, next: 'size' },
    {
      id: 'size',
      type: 'choice',
      text: { en: 'How big is your team?', fi: 'Kuinka suuri tiimi?' },
      options: [
        { id: 'small', label: { en: '1–10' }, next: 'bye' },
        { id: 'large', label: { en: '50+' }, next: 'hot', score: 40 },
      ],
    },
    { id: 'hot', type: 'score', points: 20, next: 'mail' },
    { id: 'mail', type: 'ask', text: { en: 'Your email?' }, field: 'email', required: true, next: 'bye' },
    { id: 'bye', type: 'end', text: { en: 'Thanks!', fi: 'Kiitos!' } },
  ],
};

describe('the bot flow', () => {
  it.each([
    ['email', ' Aino@Example.FI ', 'aino@example.fi'],
    ['email', 'not an email', undefined],
    ['phone', '+358 40 123 4567', '+358 40 123 4567'],
    ['firstName', '   ', undefined],
    [undefined, 'x'.repeat(2001), undefined],
  ] as const)('checks a %s answer with the API’s own schema: %j', (field, raw, expected) => {
    expect(check(field, raw)).toBe(expected);
  });

  it('runs the migrated single list: questions in order, then the marketing consent, then chat', () => {
    const { h, sent } = host(flowFromLegacy(DEFAULT_SETTINGS.bot));
    begin(h);
    expect(stageOf(h)).toMatchObject({ kind: 'ask', node: { field: 'firstName' } });
    expect(answer(h, 'Aino')).toBe(true);
    expect(answer(h, 'not an email')).toBe(false);
    answer(h, 'aino@example.fi');
    answer(h, 'Oy Example Ab');
    answer(h, 'A quote');
    expect(stageOf(h)).toEqual({ kind: 'consent' });
    decide(h, true, 'Yes, please');
    expect(stageOf(h)).toEqual({ kind: 'chat' });
    expect(leadSent(h)).toBe(true);
    const lead = sent.find((j) => j.k === 'l')?.b;
    expect(lead).toMatchObject({
      fields: { firstName: 'Aino', email: 'aino@example.fi', company: 'Oy Example Ab' },
      answers: [{ question: 'What can we help you with?', answer: 'A quote' }],
      score: 0,
    });
  });

  it('routes a returning and a new visitor differently, and scores the choice', () => {
    const fresh = host(branching);
    begin(fresh.h);
    expect(fresh.bots()).toEqual(['Hello!', 'How big is your team?']);
    const back = host(branching, { returning: true });
    begin(back.h);
    expect(back.bots()).toEqual(['Hello!', 'Welcome back.', 'How big is your team?']);

    choose(back.h, 'large');
    answer(back.h, 'ceo@example.com');
    decide(back.h, false, 'No, thanks');
    expect(back.sent.find((j) => j.k === 'l')?.b).toMatchObject({ score: 60, answers: [{ question: 'How big is your team?', answer: '50+' }] });
    expect(back.bots().at(-1)).toBe('Thanks!');
  });

  it('ends without asking consent when no lead field was collected, in the visitor’s language', () => {
    const { h, sent, bots } = host(branching, { locale: 'fi' });
    begin(h);
    choose(h, 'small');
    expect(bots()).toEqual(['Hei!', 'Kuinka suuri tiimi?', 'Kiitos!']);
    expect(sent.some((j) => j.k === 'l')).toBe(false);
    expect(h.store.state.b).toEqual(['b1', 3]);
  });

  it('a bot that opened by itself sends nothing until the visitor acts', () => {
    const { h, sent } = host(branching, { engaged: false });
    begin(h);
    const messages = () => sent.filter((j) => j.k === 'm').map((j) => (j.b as { text: string }).text);
    expect(messages()).toEqual([]);
    choose(h, 'small');
    expect(messages()).toEqual(['Hello!', 'How big is your team?', '1–10', 'Thanks!']);
  });

  it('gives each visitor one A/B variant for good, records it, and counts the bot as shown', () => {
    const other: Flow = { start: 'x', consentText: { en: 'x' }, nodes: [{ id: 'x', type: 'end', text: { en: 'Variant B' } }] };
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const { h, sent } = host(branching);
      h.config = { bots: [{ ...bot(branching), variants: [{ id: 'b', flow: other }] }] } as unknown as ChatHost['config'];
      h.bot = undefined;
      chooseBot(h);
      const first = h.variant;
      chooseBot(h);
      expect(h.variant).toBe(first);
      begin(h);
      expect(h.store.state.b).toEqual(['b1', 3, first]);
      expect(sent[0]).toEqual({ k: 's', b: { botId: 'b1', variant: first } });
      expect(h.store.state.m[0]?.t).toBe(first === 'b' ? 'Variant B' : 'Hello!');
      seen.add(String(first));
    }
    expect([...seen].sort()).toEqual(['a', 'b']);
  });

  it('a handover ends the bot', () => {
    const { h, bots } = host({ start: 'h', consentText: { en: 'x' }, nodes: [{ id: 'h', type: 'handover', text: { en: 'One moment.' } }] });
    begin(h);
    expect(bots()).toEqual(['One moment.']);
    expect(h.store.state).toMatchObject({ h: 1, step: 2 });
  });
});
