import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { flowFromLegacy, flowLines, flowProblems, pickText } from './flow-graph';
import { type Flow, FlowSchema } from './schemas/bots';
import { DEFAULT_SETTINGS } from './schemas/settings';

const flow = (nodes: Flow['nodes'], start = nodes[0]!.id): Flow => ({ start, nodes, consentText: { en: 'News?' } });

describe('flow graph checks', () => {
  it('accepts a branching flow that always ends', () => {
    const ok = flow([
      {
        id: 'a',
        type: 'choice',
        text: { en: 'Sales or support?' },
        options: [
          { id: 's', label: { en: 'Sales' }, next: 'b' },
          { id: 'h', label: { en: 'Help' }, next: 'h' },
        ],
      },
      { id: 'b', type: 'ask', text: { en: 'Email?' }, field: 'email', required: true, next: 'c' },
      { id: 'c', type: 'score', points: 10, next: 'e' },
      { id: 'h', type: 'handover' },
      { id: 'e', type: 'end' },
    ]);
    expect(flowProblems(ok)).toEqual([]);
  });

  it('names unknown targets, unreachable nodes, dead ends and fields asked twice', () => {
    expect(flowProblems(flow([{ id: 'a', type: 'message', text: { en: 'x' }, next: 'zz' }]))[0]?.message).toContain('"zz", which does not exist');
    expect(
      flowProblems(
        flow([
          { id: 'a', type: 'end' },
          { id: 'b', type: 'end' },
        ]),
      ).map((p) => p.message),
    ).toEqual(['node "b" is never reached']);
    const loop = flow([
      { id: 'a', type: 'message', text: { en: 'x' }, next: 'b' },
      { id: 'b', type: 'message', text: { en: 'y' }, next: 'a' },
    ]);
    expect(flowProblems(loop).map((p) => p.message)).toContain('node "a" is a dead end: no path from it reaches an end or a handover');
    const twice = flow([
      { id: 'a', type: 'ask', text: { en: 'Email?' }, field: 'email', required: true, next: 'b' },
      { id: 'b', type: 'ask', text: { en: 'Email again?' }, field: 'email', required: true, next: 'e' },
      { id: 'e', type: 'end' },
    ]);
    expect(flowProblems(twice).map((p) => p.message)).toEqual(['the lead field "email" is asked more than once on one path']);
    expect(
      flowProblems(
        flow([
          { id: 'a', type: 'end' },
          { id: 'a', type: 'end' },
        ]),
      )[0]?.message,
    ).toBe('node id "a" is used twice');
  });

  it('a field on two separate branches is collected once per path, which is fine', () => {
    const branches = flow([
      { id: 'c', type: 'condition', rules: [{ when: { on: 'returning', value: true }, next: 'a' }], else: 'b' },
      { id: 'a', type: 'ask', text: { en: 'Welcome back, email?' }, field: 'email', required: true, next: 'e' },
      { id: 'b', type: 'ask', text: { en: 'Email?' }, field: 'email', required: true, next: 'e' },
      { id: 'e', type: 'end' },
    ]);
    expect(flowProblems(branches)).toEqual([]);
  });
});

describe('the single list of questions of earlier versions', () => {
  it('becomes a valid flow with the same lines, in order', () => {
    const migrated = flowFromLegacy(DEFAULT_SETTINGS.bot);
    expect(v.safeParse(FlowSchema, migrated).success).toBe(true);
    expect(flowProblems(migrated)).toEqual([]);
    const { bot } = DEFAULT_SETTINGS;
    expect(migrated.nodes.map((n) => ('text' in n ? pickText(n.text, 'fi') : ''))).toEqual([bot.greeting, ...bot.questions.map((q) => q.text), bot.thanks]);
    expect(migrated.nodes[1]).toMatchObject({ type: 'ask', field: 'firstName', required: true, next: migrated.nodes[2]!.id });
    expect(flowLines(migrated)).toContain(bot.consentText);
  });
});

describe('texts', () => {
  it("picks the visitor's language, then English, then any", () => {
    expect(pickText({ en: 'Hi', fi: 'Hei' }, 'fi')).toBe('Hei');
    expect(pickText({ en: 'Hi', fi: 'Hei' }, 'de')).toBe('Hi');
    expect(pickText({ sv: 'Hej' }, 'de')).toBe('Hej');
  });

  it('refuses a flow text in a language the widget does not speak', () => {
    expect(v.safeParse(FlowSchema, { ...flow([{ id: 'e', type: 'end' }]), consentText: { xx: 'Hi' } }).success).toBe(false);
    expect(v.safeParse(FlowSchema, { ...flow([{ id: 'e', type: 'end' }]), consentText: {} }).success).toBe(false);
  });
});
