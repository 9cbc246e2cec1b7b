import { useState } from 'preact/hooks';
import { pickText } from '../../../shared/flow-graph';
import type { BotDraft, Flow, Translated } from '../../../shared/schemas/bots';
import { ApiError, type Bot, api } from '../api';
import { draftProblems, languagesOf, type PreviewState, type PreviewVisit, previewAnswer, previewRun, STARTER_DRAFT, textSlots } from '../bot-editor';
import { LoadFailed, Loading, useLoad } from '../load';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The tenant's bots: each with the version it runs, its A/B figures and the editor. */
export function BotsPage() {
  const [loaded, retry, replace] = useLoad(() => api.bots(), []);
  const [open, setOpen] = useState<string>();
  const [status, setStatus] = useState('');
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the bots" onRetry={retry} />;
  const bots = loaded.data;
  const update = (b: Bot) => replace(bots.some((x) => x.botId === b.botId) ? bots.map((x) => (x.botId === b.botId ? b : x)) : [...bots, b]);
  const create = async () => {
    try {
      const created = await api.createBot(STARTER_DRAFT);
      update(created);
      setOpen(created.botId);
    } catch (err) {
      setStatus(err instanceof ApiError ? err.message : 'Could not create the bot.');
    }
  };
  return (
    <section aria-labelledby="bots-title">
      <h1 id="bots-title">Bots</h1>
      <p>Until a bot is published, the questions in Settings run on every page.</p>
      <table>
        <thead>
          <tr>
            <th>Bot</th>
            <th>Runs</th>
            <th>Latest</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bots.map((b) => (
            <tr key={b.botId}>
              <td>{b.draft.name}</td>
              <td>{b.liveVersion ? `version ${b.liveVersion}` : 'not published'}</td>
              <td>{b.latestVersion || '—'}</td>
              <td>
                <button type="button" onClick={() => setOpen(open === b.botId ? undefined : b.botId)} aria-expanded={open === b.botId}>
                  {open === b.botId ? 'Close' : 'Edit'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => void create()}>
        New bot
      </button>
      {status && <p role="alert">{status}</p>}
      {bots
        .filter((b) => b.botId === open)
        .map((b) => (
          <BotEditor key={b.botId} bot={b} onSaved={update} />
        ))}
    </section>
  );
}

function BotEditor({ bot, onSaved }: { bot: Bot; onSaved: (b: Bot) => void }) {
  const [draft, setDraft] = useState<BotDraft>(bot.draft);
  const [json, setJson] = useState(JSON.stringify(bot.draft, null, 2));
  const [jsonError, setJsonError] = useState('');
  const [status, setStatus] = useState('');
  const [back, setBack] = useState(bot.liveVersion && bot.liveVersion > 1 ? bot.liveVersion - 1 : 1);
  const problems = jsonError ? [{ path: '(JSON)', message: jsonError }] : draftProblems(draft);
  const change = (next: BotDraft) => {
    setDraft(next);
    setJson(JSON.stringify(next, null, 2));
    setJsonError('');
  };
  const act = async (what: string, run: () => Promise<Bot>) => {
    setStatus(`${what}…`);
    try {
      const saved = await run();
      onSaved(saved);
      setStatus(`${what}: done. Runs version ${saved.liveVersion ?? '—'}.`);
    } catch (err) {
      setStatus(err instanceof ApiError ? `${what} refused: ${err.message}` : `${what} failed.`);
    }
  };
  return (
    <div class="bot-editor">
      <h2>{draft.name}</h2>
      <label>
        Flow, targeting and trigger (JSON; see README “Bots”)
        <textarea
          rows={16}
          spellcheck={false}
          value={json}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setJson(text);
            try {
              setDraft(JSON.parse(text) as BotDraft);
              setJsonError('');
            } catch (err) {
              setJsonError(err instanceof Error ? err.message : 'not JSON');
            }
          }}
        />
      </label>
      <Translations flow={draft.flow} onChange={(flow) => change({ ...draft, flow })} />
      <h3>Checks before publishing</h3>
      {problems.length ? (
        <ul role="alert" aria-label="Problems">
          {problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              <code>{p.path}</code> {p.message}
            </li>
          ))}
        </ul>
      ) : (
        <p role="status">No dead ends, every field asked once: ready to publish.</p>
      )}
      <div class="actions">
        <button type="button" disabled={!!jsonError} onClick={() => void act('Saving the draft', () => api.saveBot(bot.botId, draft))}>
          Save draft
        </button>
        <button
          type="button"
          disabled={problems.length > 0}
          onClick={() => void act('Publishing', async () => (await api.saveBot(bot.botId, draft), api.publishBot(bot.botId)))}
        >
          Publish
        </button>
        {bot.latestVersion > 1 && (
          <label>
            Roll back to version
            <input type="number" min={1} max={bot.latestVersion} value={back} onInput={(e) => setBack(Number(e.currentTarget.value))} />
            <button type="button" onClick={() => void act('Rolling back', () => api.rollbackBot(bot.botId, back))}>
              Roll back
            </button>
          </label>
        )}
      </div>
      {status && <p role="status">{status}</p>}
      {!problems.length && <Preview flow={draft.flow} />}
      {bot.liveVersion && <Stats botId={bot.botId} />}
    </div>
  );
}

/** Every text of the flow, one row each, its languages side by side. */
function Translations({ flow, onChange }: { flow: Flow; onChange: (flow: Flow) => void }) {
  const [extra, setExtra] = useState<string[]>([]);
  const languages = [...new Set([...languagesOf(flow), ...extra])];
  return (
    <fieldset>
      <legend>Translations</legend>
      <label>
        Add a language{' '}
        <select value="" onChange={(e) => setExtra([...extra, e.currentTarget.value])}>
          <option value="">…</option>
          {['fi', 'sv', 'de', 'fr', 'es', 'ar']
            .filter((l) => !languages.includes(l))
            .map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
        </select>
      </label>
      <table class="translations">
        <thead>
          <tr>
            <th>Text</th>
            {languages.map((l) => (
              <th key={l}>{l}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {textSlots(flow).map((slot) => (
            <tr key={slot.label}>
              <th scope="row">{slot.label}</th>
              {languages.map((l) => (
                <td key={l}>
                  <input
                    aria-label={`${slot.label}, ${l}`}
                    dir={l === 'ar' ? 'rtl' : 'ltr'}
                    value={slot.get(flow)?.[l as keyof Translated] ?? ''}
                    onInput={(e) => {
                      const t: Record<string, string> = { ...slot.get(flow) };
                      if (e.currentTarget.value) t[l] = e.currentTarget.value;
                      else delete t[l];
                      onChange(slot.set(flow, t as Translated));
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/** Runs the draft here, as a visitor would see it; nothing is sent or stored. */
function Preview({ flow }: { flow: Flow }) {
  const [visit, setVisit] = useState<PreviewVisit>({ href: 'https://example.com/', locale: 'en', returning: false });
  const fresh = () => previewRun(flow, visit, { lines: [], waiting: undefined, answers: {}, score: 0 }, flow.start);
  const [state, setState] = useState<PreviewState>(fresh);
  const [typed, setTyped] = useState('');
  const node = state.waiting;
  return (
    <fieldset class="preview">
      <legend>Preview (stores nothing)</legend>
      <label>
        Page <input value={visit.href} onInput={(e) => setVisit({ ...visit, href: e.currentTarget.value })} />
      </label>
      <label>
        Language <input value={visit.locale} size={3} onInput={(e) => setVisit({ ...visit, locale: e.currentTarget.value })} />
      </label>
      <label>
        <input type="checkbox" checked={visit.returning} onChange={(e) => setVisit({ ...visit, returning: e.currentTarget.checked })} /> Returning visitor
      </label>
      <button type="button" onClick={() => setState(fresh())}>
        Start over
      </button>
      <ol aria-label="Preview transcript">
        {state.lines.map((line, i) => (
          <li key={`${i}:${line.text}`} class={line.who}>
            {line.text}
          </li>
        ))}
      </ol>
      {node?.type === 'choice' &&
        node.options.map((o) => (
          <button key={o.id} type="button" onClick={() => setState(previewAnswer(flow, visit, state, o.id))}>
            {pickText(o.label, visit.locale)}
          </button>
        ))}
      {node?.type === 'ask' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setState(previewAnswer(flow, visit, state, typed));
            setTyped('');
          }}
        >
          <input aria-label="Answer" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
          <button type="submit">Answer</button>
        </form>
      )}
      <p>
        Score {state.score}
        {state.ended === 'handover' ? ' · handed over to a person' : state.ended ? ' · ended' : ''}
      </p>
    </fieldset>
  );
}

/** Shown, started and converted per A/B variant, with the 95 % interval of converted / shown. */
function Stats({ botId }: { botId: string }) {
  const [loaded, retry] = useLoad(() => api.botStats(botId), [botId]);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the figures" onRetry={retry} />;
  return (
    <table aria-label="A/B figures">
      <thead>
        <tr>
          <th>Variant</th>
          <th>Shown</th>
          <th>Started</th>
          <th>Converted</th>
          <th>Conversion (95 % interval)</th>
        </tr>
      </thead>
      <tbody>
        {loaded.data.map((row) => (
          <tr key={row.variant}>
            <td>{row.variant}</td>
            <td>{row.shown}</td>
            <td>{row.started}</td>
            <td>{row.converted}</td>
            <td>
              {pct(row.rate)} ({pct(row.low)} – {pct(row.high)})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
