import type { LeadField } from '../../../shared/events';
import type { MountChat } from '../chat-host';
import { guard } from '../guard';
import { chooseBot, watchForBot } from './bot-choice';
import { el, icon } from './dom';
import { answer, begin, choose, decide, leadSent, say$, skip, stageOf } from './flow';
import { CHAT_CSS } from './styles';
import { chatDelivery, erasure, watchOffline } from './send';
import { TEXTS } from './texts';

const INPUTS = {
  firstName: ['text', 'given-name'],
  lastName: ['text', 'family-name'],
  email: ['email', 'email'],
  phone: ['tel', 'tel'],
  company: ['text', 'organization'],
} as const satisfies Record<LeadField, readonly [string, string]>;

const CLOSE = 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z';
const SEND = 'M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z';

/**
 * The chat dialog in plain DOM (no framework: the visitor's first open
 * stays small): bot flow, then free chat. Parts are rebuilt only when what
 * they show changes, so focus and a half-typed answer survive updates.
 * Visitors' text is only ever set as text.
 */
export const mountChat: MountChat = (host) => {
  const { frame } = host.shell;
  host.shell.adopt(CHAT_CSS);
  frame.dir = host.locale === 'ar' ? 'rtl' : 'ltr';
  // Messages, the lead and bots shown go through the launcher's outbox; those queued before the panel loaded go now.
  watchOffline(host);
  host.net.chat = chatDelivery(host);
  void host.net.pump();
  // Back online: what waits goes now rather than after the backoff (without the panel, events wait for it).
  addEventListener('online', guard(host.net.pump));
  const eraseNow = erasure(host);
  const texts = TEXTS[host.locale];
  const { store } = host;
  /** "Forget me": 1 asking to confirm, 2 erased, 3 erased here and waiting for the API. */
  let forget = 0;
  let error = '';
  let open = false;
  /** The visitor is using the panel, so focus may follow the flow. */
  let engaged = false;
  let promptKey = '';
  let controlsKey = '';
  let stageKey = '';
  let unfit: (() => void) | undefined;
  const bubbles = new Map<string, [HTMLElement, HTMLElement | undefined]>();

  const setForget = (n: number) => {
    forget = n;
    update();
  };
  const erase = async () => {
    host.forget(true);
    setForget((await eraseNow()) ? 2 : 3);
  };

  const title = el('h2', { id: 'p-title' });
  const forgetButton = el('button', { type: 'button', class: 's', click: () => setForget(1) }, texts.forget);
  const prompt = el('div');
  const tail = el('div', { class: 'z' });
  const log = el('div', { class: 'g', role: 'log', 'aria-live': 'polite', tabindex: 0 }, tail);
  const offline = el('p', { class: 'o', role: 'status' });
  const controls = el('div');
  const dialog = el(
    'div',
    {
      class: 'd',
      role: 'dialog',
      'aria-labelledby': 'p-title',
      keydown: (e) => (e as KeyboardEvent).key === 'Escape' && host.close(),
      focusin: () => (engaged = true),
    },
    el('div', { class: 'h' }, title, forgetButton, el('button', { type: 'button', class: 'x', 'aria-label': texts.close, click: host.close }, icon(CLOSE))),
    prompt,
    log,
    offline,
    controls,
  );

  /** Two or more buttons of equal weight answering one question (consent, a choice). */
  const group = (cls: string, label: string, buttons: [string, () => void][]) =>
    el(
      'div',
      { class: cls, role: 'group', 'aria-label': label, tabindex: -1 },
      ...buttons.map(([text, click]) => el('button', { type: 'button', click }, text)),
    );

  const statusLine = (text: string) => el('p', { class: 'a', role: 'status', tabindex: -1 }, text);

  let input: HTMLInputElement | undefined;
  let errorLine: HTMLElement | undefined;
  const submit = (e: Event) => {
    e.preventDefault();
    const stage = stageOf(host);
    const draft = input?.value ?? '';
    if (!draft.trim() && stage.kind === 'chat') return;
    if (answer(host, draft)) {
      error = '';
      if (input) input.value = '';
    } else error = texts.invalid[(stage.kind === 'ask' && stage.node.field) || 'text'];
    update();
  };

  function form(): HTMLElement {
    const stage = stageOf(host);
    const field = stage.kind === 'ask' ? stage.node.field : undefined;
    const [type, autocomplete] = field ? INPUTS[field] : ['text', 'off'];
    input = el('input', { id: 'p-input', type, autocomplete, enterkeyhint: 'send', placeholder: texts.placeholder });
    errorLine = el('p', { id: 'p-error', class: 'e', role: 'alert' });
    return el(
      'form',
      { class: 'f', novalidate: true, submit },
      el('label', { class: 'sr', for: 'p-input' }, stage.kind === 'ask' ? say$(host, stage.node.text) : texts.placeholder),
      input,
      stage.kind === 'ask' && !stage.node.required && el('button', { type: 'button', class: 's', click: () => skip(host) }, texts.skip),
      el('button', { type: 'submit', class: 'k', 'aria-label': texts.send }, icon(SEND)),
      errorLine,
    );
  }

  function update(): void {
    if (!open || !dialog.isConnected) return;
    const st = store.state;
    // The tenant's config may arrive after the panel (the API was down at page load).
    if (!host.bot) chooseBot(host);
    if (!forget) begin(host);
    const stage = stageOf(host);
    title.textContent = host.config.name;
    forgetButton.hidden = !!forget;

    // What the panel asks of the visitor above the conversation: erasure, analytics consent.
    const analytics = !forget && host.askAnalytics();
    const pk = forget ? `f${forget}` : analytics ? 'a' : '';
    if (pk !== promptKey) {
      promptKey = pk;
      prompt.replaceChildren(
        forget === 1
          ? group('a', texts.forgetAsk, [
              [texts.erase, erase],
              [texts.cancel, () => setForget(0)],
            ])
          : forget
            ? statusLine(forget === 2 ? texts.erased : texts.eraseQueued)
            : analytics
              ? group('a', texts.analytics, [
                  [texts.allow, () => host.consent({ analytics: true })],
                  [texts.deny, () => host.consent({ analytics: false })],
                ])
              : '',
      );
      if (forget === 1) prompt.firstElementChild?.prepend(el('p', {}, texts.forgetAsk));
      if (analytics) prompt.firstElementChild?.prepend(el('p', {}, texts.analytics));
    }

    // The bot and the team on one side, the visitor on the other; a person of the team is named.
    const ids = new Set<string>();
    for (const m of st.m) {
      ids.add(m.id);
      let bubble = bubbles.get(m.id);
      if (!bubble) {
        const p = el(
          'p',
          { class: m.a === 'visitor' ? 'm v' : 'm b' },
          el('span', { class: 'sr' }, `${m.a === 'visitor' ? texts.you : m.n || host.config.name}: `),
        );
        if (m.n) p.append(el('small', { 'aria-hidden': 'true' }, m.n));
        p.append(m.t);
        bubble = [p, undefined];
        bubbles.set(m.id, bubble);
        log.insertBefore(p, tail);
      }
      if (m.p && !bubble[1]) bubble[0].append((bubble[1] = el('small', { 'aria-hidden': 'true' }, texts.sending)));
      if (!m.p && bubble[1]) {
        bubble[1].remove();
        bubble[1] = undefined;
      }
    }
    for (const [id, [p]] of bubbles)
      if (!ids.has(id)) {
        p.remove();
        bubbles.delete(id);
      }
    const last = st.m[st.m.length - 1];
    // The live chat's line (who is there, typing, seen), else an honest word after the lead: shown here, never sent.
    const code = st.nt;
    const note = code
      ? code[0] === '~'
        ? `${code.slice(1)} ${texts.typing}`.trim()
        : texts.live[code as 'o']
      : host.live && last?.a === 'visitor' && leadSent(host)
        ? texts.replyLater
        : '';
    tail.replaceChildren(note ? el('p', { class: 'n' }, note) : '', st.h && st.step === 2 ? el('p', { class: 'n', role: 'status' }, texts.handover) : '');

    const down = host.live ? host.net.offline : 'api';
    offline.hidden = !down;
    offline.textContent = down === 'net' ? texts.offline : down ? texts.down : '';

    const ck = forget ? '' : 'node' in stage ? `${stage.kind}:${stage.node.id}` : stage.kind;
    if (ck !== controlsKey) {
      controlsKey = ck;
      error = '';
      input = undefined;
      controls.replaceChildren(
        forget
          ? ''
          : stage.kind === 'choice'
            ? group(
                'c',
                say$(host, stage.node.text),
                stage.node.options.map((o) => [say$(host, o.label), () => choose(host, o.id)]),
              )
            : stage.kind === 'consent'
              ? // Both answers weigh the same, and neither is chosen for the visitor.
                group('c', say$(host, host.bot?.flow.consentText), [
                  [texts.yes, () => decide(host, true, texts.yes)],
                  [texts.no, () => decide(host, false, texts.no)],
                ])
              : form(),
      );
    }
    if (input && errorLine) {
      errorLine.textContent = error;
      errorLine.hidden = !error;
      if (error) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'p-error');
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      }
    }

    // Focus follows the flow: the input, or else the question asked (never one of its answers).
    const key = pk || ck;
    if (key !== stageKey && engaged) dialog.querySelector<HTMLElement>('[tabindex="-1"],input')?.focus();
    stageKey = key;
    log.scrollTop = log.scrollHeight;
  }

  /** On phones the panel fills what the on-screen keyboard leaves visible. */
  function fitToViewport(): void {
    const vv = window.visualViewport;
    if (!vv) return;
    const place = guard(() => {
      dialog.style.setProperty('--vh', `${vv.height}px`);
      dialog.style.setProperty('--vt', `${vv.offsetTop}px`);
    });
    place();
    vv.addEventListener('resize', place);
    vv.addEventListener('scroll', place);
    unfit = () => {
      vv.removeEventListener('resize', place);
      vv.removeEventListener('scroll', place);
    };
  }

  chooseBot(host);
  const hideTeaser = watchForBot(host, frame);
  store.subscribe(guard(update));
  return (show, focus) => {
    if (show) {
      hideTeaser();
      if (host.want || store.state.step < 0) chooseBot(host);
    }
    if (show === open) return update();
    open = show;
    if (!show) {
      unfit?.();
      unfit = undefined;
      stageKey = '';
      dialog.remove();
      return;
    }
    host.shell.setOpen(true, texts.close, CLOSE);
    engaged = focus;
    forget = 0;
    promptKey = controlsKey = '\u0000';
    frame.append(dialog);
    fitToViewport();
    update();
  };
};
