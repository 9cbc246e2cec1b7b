import { pickText } from '../../../shared/flow-graph';
import type { LiveBot } from '../../../shared/schemas/bots';
import { targets, variantOf } from '../../../shared/targeting';
import type { ChatHost } from '../chat-host';
import { el } from './dom';
import { returning } from './flow';
import { TEXTS } from './texts';
import { proactive, watchTrigger } from './triggers';

const DAY_MS = 864e5;

/**
 * Which bot the panel runs: the one `Parley('start', botId)` asked for (from
 * its start), else the one whose flow is under way, else the highest
 * priority among those whose targeting takes this visit (none: free chat).
 */
export function chooseBot(host: ChatHost): void {
  const st = host.store.state;
  const { bots } = host.config;
  const wanted = host.want && bots.find((b) => b.id === host.want);
  delete host.want;
  if (wanted) {
    if (st.b?.[0] !== wanted.id || st.step > 1) st.step = -1;
    return run(host, wanted);
  }
  const running = st.step >= 0 && st.step < 2 && bots.find((b) => b.id === st.b?.[0]);
  if (running) run(host, running);
  else if (st.step < 0 || !host.bot)
    run(
      host,
      bots
        .filter((b) => targets(b.targeting, { href: location.href, locale: host.locale, returning: returning(host) }))
        .sort((a, b) => b.priority - a.priority)[0],
    );
}

/** Runs a bot in this visitor's A/B variant: a hash of visitor and bot, so the visitor always gets the same flow. */
function run(host: ChatHost, bot: LiveBot | undefined): void {
  const arms = bot?.variants?.length ? [{ id: 'a', flow: bot.flow }, ...bot.variants] : [];
  const arm = bot && arms[variantOf(host.store.state.v, bot.id, arms.length || 1)];
  host.bot = bot && arm ? { ...bot, flow: arm.flow } : bot;
  if (arm) host.variant = arm.id;
  else delete host.variant;
}

/**
 * Watches the page for the chosen bot's trigger, within its frequency cap,
 * then opens the panel; under `prefers-reduced-motion` nothing opens by
 * itself: a quiet, dismissible teaser appears by the launcher instead.
 * Returns what removes the teaser.
 */
export function watchForBot(host: ChatHost, frame: HTMLElement): () => void {
  let teaser: HTMLElement | undefined;
  const hide = () => teaser?.remove();
  const bot = host.bot;
  const st = host.store.state;
  if (!bot || !proactive(bot.trigger) || (st.step >= 0 && st.step < 2)) return hide;
  watchTrigger(bot.trigger, () => {
    const last = st.pb?.[bot.id];
    const { frequency } = bot.trigger;
    if (host.store.state !== st || st.o || (last && (frequency === 'session' ? last[0] === st.s : frequency === 'day' && Date.now() - last[1] < DAY_MS)))
      return;
    st.pb = { ...st.pb, [bot.id]: [st.s, Date.now()] };
    host.store.save();
    if (!matchMedia('(prefers-reduced-motion:reduce)').matches) return host.open(false, true);
    const first = bot.flow.nodes.find((n) => n.type === 'message' || n.type === 'ask' || n.type === 'choice');
    teaser = el(
      'div',
      { class: 't' },
      el(
        'button',
        { type: 'button', click: () => host.open(true, false) },
        pickText(first && 'text' in first ? first.text : undefined, host.locale) || host.config.name,
      ),
      el('button', { type: 'button', 'aria-label': TEXTS[host.locale].close, click: hide }, '×'),
    );
    frame.append(teaser);
  });
  return hide;
}
