import type { BotFlow } from './schemas/settings';
import type { Flow, FlowNode, Translated, WidgetLocale } from './schemas/bots';

/** A flow text in the visitor's language, else English, else the first one written. */
export function pickText(t: Translated | undefined, locale: WidgetLocale | string): string {
  if (!t) return '';
  return t[locale as WidgetLocale] ?? t.en ?? Object.values(t)[0] ?? '';
}

/** The nodes a node may lead to. */
export function successors(node: FlowNode): string[] {
  switch (node.type) {
    case 'choice':
      return node.options.map((o) => o.next);
    case 'condition':
      return [...node.rules.map((r) => r.next), node.else];
    case 'end':
    case 'handover':
      return [];
    default:
      return [node.next];
  }
}

export interface FlowProblem {
  path: string;
  message: string;
}

/**
 * What keeps a flow from being published: duplicate or unknown node ids, a
 * node no path reaches, a path that never arrives at an `end` or
 * `handover` (a dead end or a loop with no way out), and a lead field asked
 * twice on one path (every field is collected once).
 */
export function flowProblems(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const byId = new Map<string, FlowNode>();
  flow.nodes.forEach((node, i) => {
    if (byId.has(node.id)) problems.push({ path: `flow.nodes.${i}.id`, message: `node id "${node.id}" is used twice` });
    byId.set(node.id, node);
  });
  if (!byId.has(flow.start)) problems.push({ path: 'flow.start', message: `start names no node ("${flow.start}")` });
  flow.nodes.forEach((node, i) => {
    for (const to of successors(node))
      if (!byId.has(to)) problems.push({ path: `flow.nodes.${i}`, message: `node "${node.id}" leads to "${to}", which does not exist` });
    if (node.type === 'condition')
      for (const rule of node.rules)
        if (rule.when.on === 'answer' && !byId.has(rule.when.node))
          problems.push({ path: `flow.nodes.${i}`, message: `node "${node.id}" tests the answer of "${rule.when.node}", which does not exist` });
  });
  if (problems.length) return problems;

  // Reachable from the start.
  const reached = new Set<string>();
  const stack = [flow.start];
  while (stack.length) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    stack.push(...successors(byId.get(id) as FlowNode));
  }
  flow.nodes.forEach((node, i) => {
    if (!reached.has(node.id)) problems.push({ path: `flow.nodes.${i}`, message: `node "${node.id}" is never reached` });
  });

  // Every node can still arrive at an end: fixed point from the ends backwards.
  const finishes = new Set(flow.nodes.filter((n) => n.type === 'end' || n.type === 'handover').map((n) => n.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of flow.nodes)
      if (!finishes.has(node.id) && successors(node).some((to) => finishes.has(to))) {
        finishes.add(node.id);
        changed = true;
      }
  }
  flow.nodes.forEach((node, i) => {
    if (reached.has(node.id) && !finishes.has(node.id))
      problems.push({ path: `flow.nodes.${i}`, message: `node "${node.id}" is a dead end: no path from it reaches an end or a handover` });
  });

  // A lead field asked at most once on any path (depth-first over acyclic paths).
  const twice = new Set<string>();
  const walk = (id: string, asked: Set<string>, onPath: Set<string>) => {
    if (onPath.has(id) || onPath.size > 200) return;
    const node = byId.get(id) as FlowNode;
    let next = asked;
    if (node.type === 'ask' && node.field) {
      if (asked.has(node.field)) twice.add(node.field);
      next = new Set(asked).add(node.field);
    }
    onPath.add(id);
    for (const to of new Set(successors(node))) walk(to, next, onPath);
    onPath.delete(id);
  };
  if (flow.nodes.length <= 100) walk(flow.start, new Set(), new Set());
  for (const field of twice) problems.push({ path: 'flow.nodes', message: `the lead field "${field}" is asked more than once on one path` });
  return problems;
}

/**
 * The single list of questions of the first Parley versions as a flow:
 * greeting, each question in turn, then the end with the thanks. The ids
 * stay the questions' own, so answers keep their meaning.
 */
export function flowFromLegacy(bot: BotFlow): Flow {
  const ids = bot.questions.map((q) => q.id);
  const nodes: FlowNode[] = [];
  const after = (i: number) => ids[i] ?? 'legacy:end';
  if (bot.greeting) nodes.push({ id: 'legacy:greeting', type: 'message', text: { en: bot.greeting }, next: after(0) });
  bot.questions.forEach((q, i) => {
    nodes.push({
      id: ids[i] as string,
      type: 'ask',
      text: { en: q.text },
      ...(q.field ? { field: q.field } : {}),
      required: q.required,
      next: after(i + 1),
    });
  });
  nodes.push({ id: 'legacy:end', type: 'end', ...(bot.thanks ? { text: { en: bot.thanks } } : {}) });
  return { start: (nodes[0] as FlowNode).id, nodes, consentText: { en: bot.consentText } };
}

/** Every line of a flow the bot may say, in every language. */
/** The lines that ask the visitor something (questions, choices, consent): the visitor's next line answers the bot. */
export function flowQuestions(flow: Flow): string[] {
  const lines = Object.values(flow.consentText);
  for (const node of flow.nodes) if ((node.type === 'ask' || node.type === 'choice') && node.text) lines.push(...Object.values(node.text));
  return lines;
}

export function flowLines(flow: Flow): string[] {
  const lines = Object.values(flow.consentText);
  for (const node of flow.nodes) if ('text' in node && node.text) lines.push(...Object.values(node.text));
  return lines;
}
