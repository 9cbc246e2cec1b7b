import * as v from 'valibot';
import { flowProblems, pickText } from '../../shared/flow-graph';
import { type BotDraft, BotDraftSchema, type Flow, type FlowNode, type Translated, WIDGET_LOCALES } from '../../shared/schemas/bots';
import { targets, urlMatches, utmOf } from '../../shared/targeting';

export interface Problem {
  path: string;
  message: string;
}

/** Everything that keeps a draft from being published, as the API would say it: the schema first, then the graph. */
export function draftProblems(draft: unknown): Problem[] {
  const parsed = v.safeParse(BotDraftSchema, draft);
  if (!parsed.success) return parsed.issues.map((i) => ({ path: (i.path ?? []).map((p) => String(p.key)).join('.') || '(draft)', message: i.message }));
  const out = parsed.output;
  return [...flowProblems(out.flow), ...(out.variants ?? []).flatMap((x, i) => flowProblems(x.flow).map((p) => ({ ...p, path: `variants.${i}.${p.path}` })))];
}

/** A translatable text of a flow: where it is and its languages. */
export interface TextSlot {
  label: string;
  get(flow: Flow): Translated | undefined;
  set(flow: Flow, t: Translated): Flow;
}

const withNode = (flow: Flow, id: string, change: (n: FlowNode) => FlowNode): Flow => ({
  ...flow,
  nodes: flow.nodes.map((n) => (n.id === id ? change(n) : n)),
});

/** Every text of a flow, in order, for the side-by-side translation table. */
export function textSlots(flow: Flow): TextSlot[] {
  const slots: TextSlot[] = [{ label: 'consent question', get: (f) => f.consentText, set: (f, t) => ({ ...f, consentText: t }) }];
  for (const node of flow.nodes) {
    if ('text' in node)
      slots.push({
        label: `${node.id} (${node.type})`,
        get: (f) => textOf(f, node.id),
        set: (f, t) => withNode(f, node.id, (n) => ({ ...n, text: t }) as FlowNode),
      });
    if (node.type === 'choice')
      for (const option of node.options)
        slots.push({
          label: `${node.id} › ${option.id}`,
          get: (f) => {
            const n = f.nodes.find((x) => x.id === node.id);
            return n?.type === 'choice' ? n.options.find((o) => o.id === option.id)?.label : undefined;
          },
          set: (f, t) =>
            withNode(f, node.id, (n) => (n.type === 'choice' ? { ...n, options: n.options.map((o) => (o.id === option.id ? { ...o, label: t } : o)) } : n)),
        });
  }
  return slots;
}

function textOf(flow: Flow, id: string): Translated | undefined {
  const node = flow.nodes.find((n) => n.id === id);
  return node && 'text' in node ? node.text : undefined;
}

/** The languages a flow has texts in (English first), for the table's columns. */
export function languagesOf(flow: Flow): string[] {
  const used = new Set<string>(['en']);
  for (const slot of textSlots(flow)) for (const l of Object.keys(slot.get(flow) ?? {})) used.add(l);
  return WIDGET_LOCALES.filter((l) => used.has(l));
}

/** Who the preview pretends the visitor is; nothing of it is stored anywhere. */
export interface PreviewVisit {
  href: string;
  locale: string;
  returning: boolean;
}

export interface PreviewState {
  lines: { who: 'bot' | 'visitor'; text: string }[];
  /** The ask or choice it waits at; undefined once the flow is over. */
  waiting: FlowNode | undefined;
  answers: Record<string, string>;
  score: number;
  ended?: 'end' | 'handover';
}

/** Runs a flow in the dashboard from `id` to the next node that needs the visitor (the widget's own rules). */
export function previewRun(flow: Flow, visit: PreviewVisit, state: PreviewState, id: string | undefined): PreviewState {
  const lines = [...state.lines];
  let score = state.score;
  const say = (t: Translated | undefined) => {
    const text = pickText(t, visit.locale);
    if (text) lines.push({ who: 'bot', text });
  };
  for (let steps = 0; steps < 200; steps++) {
    const node = flow.nodes.find((n) => n.id === id);
    if (!node) break;
    if (node.type === 'message') {
      say(node.text);
      id = node.next;
    } else if (node.type === 'score') {
      score += node.points;
      id = node.next;
    } else if (node.type === 'condition') {
      id =
        node.rules.find(({ when: c }) =>
          c.on === 'answer'
            ? c.op === 'equals'
              ? (state.answers[c.node] ?? '').toLowerCase() === c.value.toLowerCase()
              : (state.answers[c.node] ?? '').toLowerCase().includes(c.value.toLowerCase())
            : c.on === 'url'
              ? urlMatches(c.rule, visit.href)
              : c.on === 'utm'
                ? utmOf(visit.href, c.key) === c.value.toLowerCase()
                : c.on === 'returning'
                  ? visit.returning === c.value
                  : visit.locale === c.value,
        )?.next ?? node.else;
    } else if (node.type === 'ask' || node.type === 'choice') {
      say(node.text);
      return { ...state, lines, score, waiting: node };
    } else {
      say(node.text);
      return { ...state, lines, score, waiting: undefined, ended: node.type };
    }
  }
  return { ...state, lines, score, waiting: undefined, ended: 'end' };
}

/** The visitor's answer in the preview (a choice's option id, or typed text). */
export function previewAnswer(flow: Flow, visit: PreviewVisit, state: PreviewState, value: string): PreviewState {
  const node = state.waiting;
  if (!node) return state;
  const option = node.type === 'choice' ? node.options.find((o) => o.id === value) : undefined;
  const next = { ...state, answers: { ...state.answers, [node.id]: value }, score: state.score + (option?.score ?? 0) };
  next.lines = [...state.lines, { who: 'visitor', text: option ? pickText(option.label, visit.locale) : value }];
  return previewRun(flow, visit, next, option ? option.next : node.type === 'ask' ? node.next : undefined);
}

/** Whether the bot would run for the preview's visit, by its targeting. */
export const previewTargets = (draft: BotDraft, visit: PreviewVisit) => targets(draft.targeting, visit);

/** A starting point for a new bot: greeting, a choice, an email question, the end. */
export const STARTER_DRAFT: v.InferInput<typeof BotDraftSchema> = {
  name: 'New bot',
  targeting: { urls: [{ match: 'glob', value: '/*' }] },
  trigger: { afterSeconds: 20, frequency: 'session' },
  flow: {
    start: 'hi',
    consentText: { en: 'May we email you product news? You can unsubscribe at any time.' },
    nodes: [
      { id: 'hi', type: 'message', text: { en: 'Hi! Can I help?' }, next: 'topic' },
      {
        id: 'topic',
        type: 'choice',
        text: { en: 'What brings you here?' },
        options: [
          { id: 'buy', label: { en: 'Pricing' }, next: 'mail', score: 30 },
          { id: 'look', label: { en: 'Just looking' }, next: 'end' },
        ],
      },
      { id: 'mail', type: 'ask', text: { en: 'Which email can we reach you at?' }, field: 'email', required: true, next: 'end' },
      { id: 'end', type: 'end', text: { en: 'Thanks!' } },
    ],
  },
};
