import { describe, expect, it } from 'vitest';
import type { BotDraft, Flow } from '../../shared/schemas/bots';
import { draftProblems, languagesOf, previewAnswer, previewRun, STARTER_DRAFT, textSlots } from './bot-editor';

const flow = STARTER_DRAFT.flow as Flow;
const visit = { href: 'https://example.com/pricing?utm_source=ads', locale: 'fi', returning: false };

describe('the bot editor', () => {
  it('finds what the API would refuse: schema issues, dead ends, a field asked twice', () => {
    expect(draftProblems(STARTER_DRAFT)).toEqual([]);
    expect(draftProblems({ ...STARTER_DRAFT, trigger: { afterSeconds: -5 } })[0]?.path).toBe('trigger.afterSeconds');
    const loop = { ...flow, nodes: [{ id: 'hi', type: 'message', text: { en: 'x' }, next: 'hi' }], start: 'hi' };
    expect(draftProblems({ ...STARTER_DRAFT, flow: loop }).map((p) => p.message)).toEqual([
      'node "hi" is a dead end: no path from it reaches an end or a handover',
    ]);
    const twice = {
      ...flow,
      nodes: flow.nodes
        .map((n) => (n.id === 'end' ? { id: 'end', type: 'ask', text: { en: 'Email?' }, field: 'email', next: 'bye' } : n))
        .concat([{ id: 'bye', type: 'end' }]),
    };
    expect(draftProblems({ ...STARTER_DRAFT, flow: twice }).map((p) => p.message)).toContain('the lead field "email" is asked more than once on one path');
  });

  it('lists every text for translation and writes a translation back', () => {
    const slots = textSlots(flow);
    expect(slots.map((s) => s.label)).toEqual(['consent question', 'hi (message)', 'topic (choice)', 'topic › buy', 'topic › look', 'mail (ask)', 'end (end)']);
    const translated = slots[3]!.set(flow, { en: 'Pricing', fi: 'Hinnat' });
    expect(textSlots(translated)[3]!.get(translated)).toEqual({ en: 'Pricing', fi: 'Hinnat' });
    expect(languagesOf(translated)).toEqual(['en', 'fi']);
    expect(languagesOf(flow)).toEqual(['en']);
  });

  it('previews a flow with conditions and scores, storing nothing', () => {
    const branching: Flow = {
      start: 'c',
      consentText: { en: 'x' },
      nodes: [
        { id: 'c', type: 'condition', rules: [{ when: { on: 'utm', key: 'source', value: 'ads' }, next: 'ad' }], else: 'topic' },
        { id: 'ad', type: 'message', text: { en: 'From an ad!', fi: 'Mainoksesta!' }, next: 'topic' },
        ...flow.nodes.filter((n) => n.id !== 'hi'),
      ],
    };
    let state = previewRun(branching, visit, { lines: [], waiting: undefined, answers: {}, score: 0 }, branching.start);
    expect(state.lines.map((l) => l.text)).toEqual(['Mainoksesta!', 'What brings you here?']);
    state = previewAnswer(branching, visit, state, 'buy');
    expect(state.score).toBe(30);
    state = previewAnswer(branching, visit, state, 'a@b.fi');
    expect(state).toMatchObject({ ended: 'end', waiting: undefined });
    expect(state.lines.at(-1)?.text).toBe('Thanks!');
    const plain = previewRun(branching, { ...visit, href: 'https://example.com/' }, { lines: [], waiting: undefined, answers: {}, score: 0 }, branching.start);
    expect(plain.lines.map((l) => l.text)).toEqual(['What brings you here?']);
    expect(draftProblems({ ...(STARTER_DRAFT as BotDraft), flow: branching })).toEqual([]);
  });
});
