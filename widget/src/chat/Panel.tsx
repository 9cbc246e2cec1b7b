import { Component, createRef } from 'preact';
import type { LeadField } from '../../../shared/events';
import type { ChatHost } from '../chat-host';
import { guard } from '../guard';
import { answer, begin, decide, leadSent, skip, stageOf } from './flow';
import { TEXTS } from './texts';

const INPUTS = {
  firstName: { type: 'text', autocomplete: 'given-name' },
  lastName: { type: 'text', autocomplete: 'family-name' },
  email: { type: 'email', autocomplete: 'email' },
  phone: { type: 'tel', autocomplete: 'tel' },
  company: { type: 'text', autocomplete: 'organization' },
} as const satisfies Record<LeadField, { type: string; autocomplete: string }>;

export interface PanelProps {
  host: ChatHost;
  open: boolean;
  /** Take focus on opening (not when reopened by a page navigation). */
  focus: boolean;
}

interface PanelState {
  draft: string;
  error: string;
  /** "Forget me": 1 asking to confirm, 2 erased, 3 erased here and waiting for the API. */
  forget: 0 | 1 | 2 | 3;
}

/**
 * The chat dialog: bot flow, then free chat. Visitors' text is only ever
 * rendered as text. A class, not hooks: it keeps the lazy bundle smaller.
 */
export class Panel extends Component<PanelProps, PanelState> {
  override state: PanelState = { draft: '', error: '', forget: 0 };
  private readonly dialog = createRef<HTMLDivElement>();
  private readonly log = createRef<HTMLDivElement>();
  /** The visitor is using the panel, so focus may follow the flow. */
  private engaged = false;
  private stageKey = '';
  private unsubscribe: (() => void) | undefined;
  private unfit: (() => void) | undefined;

  override componentDidMount(): void {
    this.unsubscribe = this.props.host.store.subscribe(() => this.forceUpdate());
    this.sync(false);
  }

  override componentDidUpdate(previous: PanelProps): void {
    this.sync(previous.open);
  }

  override componentWillUnmount(): void {
    this.unsubscribe?.();
    this.unfit?.();
  }

  private sync(wasOpen: boolean): void {
    const { host, open, focus } = this.props;
    if (!open) {
      this.unfit?.();
      this.unfit = undefined;
      this.stageKey = '';
      return;
    }
    if (!wasOpen) {
      if (focus) this.engaged = true;
      if (this.state.forget) this.setState({ forget: 0 });
      this.fitToViewport();
    }
    const { forget } = this.state;
    // Not after "Forget me": a new visitor starts only when the panel is opened again.
    if (!forget) begin(host);
    const stage = stageOf(host.config.bot, host.store.state);
    const key = forget ? `f${forget}` : host.askAnalytics() ? 'a' : stage.kind === 'question' ? stage.q.id : stage.kind;
    // Focus follows the flow: the input, or else the question asked (never one of its answers).
    if (key !== this.stageKey && this.engaged) this.dialog.current?.querySelector<HTMLElement>('[tabindex="-1"],input')?.focus();
    this.stageKey = key;
    const log = this.log.current;
    if (log) log.scrollTop = log.scrollHeight;
  }

  /** On phones the panel fills what the on-screen keyboard leaves visible. */
  private fitToViewport(): void {
    const vv = window.visualViewport;
    const el = this.dialog.current;
    if (!vv || !el) return;
    const place = guard(() => {
      el.style.setProperty('--vh', `${vv.height}px`);
      el.style.setProperty('--vt', `${vv.offsetTop}px`);
    });
    place();
    vv.addEventListener('resize', place);
    vv.addEventListener('scroll', place);
    this.unfit = () => {
      vv.removeEventListener('resize', place);
      vv.removeEventListener('scroll', place);
    };
  }

  private readonly submit = guard((e: Event) => {
    e.preventDefault();
    const { host } = this.props;
    const stage = stageOf(host.config.bot, host.store.state);
    const { draft } = this.state;
    if (!draft.trim() && stage.kind === 'chat') return;
    if (answer(host, draft)) this.setState({ draft: '', error: '' });
    else this.setState({ error: TEXTS[host.locale].invalid[(stage.kind === 'question' && stage.q.field) || 'text'] });
  });

  private readonly erase = guard(async () => {
    this.setState({ forget: (await this.props.host.forget()) ? 2 : 3 });
  });

  override render({ host, open }: PanelProps, { draft, error, forget }: PanelState) {
    const { config, store } = host;
    const texts = TEXTS[host.locale];
    const st = store.state;
    const stage = stageOf(config.bot, st);
    if (!open) return null;

    const field = stage.kind === 'question' ? stage.q.field : undefined;
    const offline = host.offline();
    const last = st.m[st.m.length - 1];
    // The live chat's line (who is there, typing, seen), else an honest word after the lead: shown here, never sent.
    const note = st.nt || (last?.a === 'visitor' && leadSent(config.bot, st) && texts.replyLater);
    const input = field ? INPUTS[field] : ({ type: 'text', autocomplete: 'off' } as const);

    return (
      <div
        ref={this.dialog}
        class="d"
        role="dialog"
        aria-labelledby="p-title"
        onKeyDown={guard((e: KeyboardEvent) => e.key === 'Escape' && host.close())}
        onFocusIn={() => (this.engaged = true)}
      >
        <div class="h">
          <h2 id="p-title">{config.name}</h2>
          {!forget && (
            <button type="button" class="s" onClick={() => this.setState({ forget: 1 })}>
              {texts.forget}
            </button>
          )}
          <button type="button" class="x" aria-label={texts.close} onClick={guard(host.close)}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z" />
            </svg>
          </button>
        </div>
        {forget === 1 ? (
          <div class="a" role="group" aria-label={texts.forgetAsk} tabIndex={-1}>
            <p>{texts.forgetAsk}</p>
            <button type="button" onClick={this.erase}>
              {texts.erase}
            </button>
            <button type="button" onClick={() => this.setState({ forget: 0 })}>
              {texts.cancel}
            </button>
          </div>
        ) : forget ? (
          <p class="a" role="status" tabIndex={-1}>
            {forget === 2 ? texts.erased : texts.eraseQueued}
          </p>
        ) : (
          host.askAnalytics() && (
            <div class="a" role="group" aria-label={texts.analytics} tabIndex={-1}>
              <p>{texts.analytics}</p>
              <button type="button" onClick={guard(() => host.consent(true))}>
                {texts.allow}
              </button>
              <button type="button" onClick={guard(() => host.consent(false))}>
                {texts.deny}
              </button>
            </div>
          )
        )}
        <div class="g" ref={this.log} role="log" aria-live="polite" tabIndex={0}>
          {/* The bot and the team on one side, the visitor on the other; a person of the team is named. */}
          {st.m.map((m) => (
            <p key={m.id} class={m.a === 'visitor' ? 'm v' : 'm b'}>
              <span class="sr">{m.a === 'visitor' ? texts.you : m.n || config.name}: </span>
              {m.n && <small aria-hidden="true">{m.n}</small>}
              {m.t}
              {m.p && <small aria-hidden="true">{texts.sending}</small>}
            </p>
          ))}
          {host.live && note && <p class="n">{note}</p>}
        </div>
        {offline && (
          <p class="o" role="status">
            {offline === 'net' ? texts.offline : texts.down}
          </p>
        )}
        {forget ? null : stage.kind === 'consent' ? (
          // Both answers weigh the same, and neither is chosen for the visitor.
          <div class="c" role="group" aria-label={config.bot.consentText} tabIndex={-1}>
            <button type="button" onClick={guard(() => decide(host, true, texts.yes))}>
              {texts.yes}
            </button>
            <button type="button" onClick={guard(() => decide(host, false, texts.no))}>
              {texts.no}
            </button>
          </div>
        ) : (
          <form class="f" onSubmit={this.submit} noValidate>
            <label class="sr" for="p-input">
              {stage.kind === 'question' ? stage.q.text : texts.placeholder}
            </label>
            <input
              id="p-input"
              // Preact's types discriminate on a literal `type`; all three are text boxes.
              type={input.type as 'text'}
              autocomplete={input.autocomplete}
              enterkeyhint="send"
              placeholder={texts.placeholder}
              value={draft}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'p-error' : undefined}
              onInput={(e) => this.setState({ draft: e.currentTarget.value })}
            />
            {stage.kind === 'question' && !stage.q.required && (
              <button type="button" class="s" onClick={guard(() => (skip(host), this.setState({ error: '' })))}>
                {texts.skip}
              </button>
            )}
            <button type="submit" class="k" aria-label={texts.send}>
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z" />
              </svg>
            </button>
            {error && (
              <p id="p-error" class="e" role="alert">
                {error}
              </p>
            )}
          </form>
        )}
      </div>
    );
  }
}
