import { useState } from 'preact/hooks';
import { LEAD_FIELDS } from '../../../shared/events';
import type { AlertRules } from '../../../shared/schemas/notifications';
import type { Settings } from '../../../shared/schemas/settings';
import { api } from '../api';
import { LEAD_FIELD_LABELS } from '../lead-fields';
import { LoadFailed, Loading, useLoad } from '../load';
import { useSave } from '../save';

type Question = Settings['bot']['questions'][number];

export function SettingsPage() {
  const [loaded, retry] = useLoad(() => api.settings(), []);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the settings" onRetry={retry} />;
  return (
    <>
      <SettingsForm initial={loaded.data.settings} />
      <AlertRulesForm />
    </>
  );
}

const ALERT_FIELDS: [keyof AlertRules, string][] = [
  ['minLeadsPerDay', 'When a day (UTC) ends with fewer leads than'],
  ['maxLeadsPerHour', 'When an hour brings more leads than'],
  ['maxErasuresPerDay', 'When a day brings more erasures than'],
];

/** The team's threshold alerts: mailed to those who take alerts, and sent to webhooks as `alert.triggered`. */
function AlertRulesForm() {
  const [loaded, retry, replace] = useLoad(() => api.alertRules(), []);
  const { status, save: saving, clear } = useSave();
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'failed') return <LoadFailed what="the alerts" onRetry={retry} />;
  const rules = loaded.data;
  const save = (e: Event) => {
    e.preventDefault();
    void saving(async () => replace(await api.saveAlertRules(rules)));
  };
  return (
    <form class="settings" onSubmit={save} aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <fieldset>
        <legend>Mail the team (those who take alerts) and send alert.triggered; leave empty for off</legend>
        {ALERT_FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input
              type="number"
              min={1}
              max={1_000_000}
              step={1}
              value={rules[key] ?? ''}
              onInput={(e) => {
                clear();
                const text = e.currentTarget.value.trim();
                replace({ ...rules, [key]: text === '' ? null : Number(text) });
              }}
            />
          </label>
        ))}
      </fieldset>
      <button type="submit">Save alerts</button> <span role="status">{status}</span>
    </form>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState<Settings>(initial);
  const { status, save: saving } = useSave();
  const set = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  const setQuestion = (i: number, patch: Partial<Question>) =>
    set({ bot: { ...settings.bot, questions: settings.bot.questions.map((q, j) => (i === j ? { ...q, ...patch } : q)) } });
  const save = (e: Event) => {
    e.preventDefault();
    void saving(async () => setSettings((await api.saveSettings(settings)).settings));
  };
  return (
    <form class="settings" onSubmit={save} aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <fieldset>
        <legend>Privacy</legend>
        <label>
          Allowed origins (one per line; empty allows any)
          <textarea
            rows={3}
            value={settings.allowedOrigins.join('\n')}
            onInput={(e) =>
              set({
                allowedOrigins: e.currentTarget.value
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        </label>
        <label>
          Consent for behavioural events
          <select value={settings.consentMode} onChange={(e) => set({ consentMode: e.currentTarget.value as Settings['consentMode'] })}>
            <option value="optional">Not required (GPC and Do Not Track still respected)</option>
            <option value="required">Required before any event</option>
          </select>
        </label>
        <label>
          Retention (days)
          <input type="number" min={1} max={3650} value={settings.retentionDays} onInput={(e) => set({ retentionDays: Number(e.currentTarget.value) })} />
        </label>
        <label>
          IP address kept as
          <select value={settings.ipv4Prefix} onChange={(e) => set({ ipv4Prefix: Number(e.currentTarget.value) as Settings['ipv4Prefix'] })}>
            <option value={24}>/24 network (IPv6 /48)</option>
            <option value={16}>/16 network, wider (IPv6 /48)</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Look</legend>
        <label>
          Colour <input type="color" value={settings.theme.color} onInput={(e) => set({ theme: { ...settings.theme, color: e.currentTarget.value } })} />
        </label>
        <label>
          Side
          <select value={settings.theme.side} onChange={(e) => set({ theme: { ...settings.theme, side: e.currentTarget.value as 'left' | 'right' } })}>
            <option value="right">Right</option>
            <option value="left">Left</option>
          </select>
        </label>
        <label>
          Language
          <select value={settings.locale} onChange={(e) => set({ locale: e.currentTarget.value as Settings['locale'] })}>
            <option value="auto">The tag's data-lang, the page's or the visitor's browser language</option>
            <option value="en">English</option>
            <option value="fi">Suomi</option>
            <option value="sv">Svenska</option>
            <option value="de">Deutsch</option>
            <option value="fr">Français</option>
            <option value="es">Español</option>
            <option value="ar">العربية</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Lead scoring</legend>
        <label>
          A lead is qualified at a score of
          <input
            type="number"
            min={1}
            max={100000}
            value={settings.qualifyScore}
            onInput={(e) => set({ qualifyScore: Math.round(Number(e.currentTarget.value)) })}
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Bot</legend>
        <label>
          Greeting <textarea rows={2} value={settings.bot.greeting} onInput={(e) => set({ bot: { ...settings.bot, greeting: e.currentTarget.value } })} />
        </label>
        {settings.bot.questions.map((q, i) => (
          <div class="question" key={q.id}>
            <label>
              Question {i + 1} <input value={q.text} onInput={(e) => setQuestion(i, { text: e.currentTarget.value })} />
            </label>
            <label>
              Collects
              <select
                value={q.field ?? ''}
                onChange={(e) => {
                  const { field: _f, ...rest } = q;
                  set({
                    bot: {
                      ...settings.bot,
                      questions: settings.bot.questions.map((x, j) =>
                        j === i ? (e.currentTarget.value ? { ...rest, field: e.currentTarget.value as Question['field'] & string } : rest) : x,
                      ),
                    },
                  });
                }}
              >
                <option value="">A free answer</option>
                {LEAD_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {LEAD_FIELD_LABELS[f]}
                  </option>
                ))}
              </select>
            </label>
            <label class="inline">
              <input type="checkbox" checked={q.required} onChange={(e) => setQuestion(i, { required: e.currentTarget.checked })} /> Required
            </label>
            <button type="button" class="link" onClick={() => set({ bot: { ...settings.bot, questions: settings.bot.questions.filter((_, j) => j !== i) } })}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            set({
              bot: { ...settings.bot, questions: [...settings.bot.questions, { id: `q_${Date.now().toString(36)}`, text: 'Your question?', required: false }] },
            })
          }
        >
          Add a question
        </button>
        <label>
          Consent text{' '}
          <textarea rows={2} value={settings.bot.consentText} onInput={(e) => set({ bot: { ...settings.bot, consentText: e.currentTarget.value } })} />
        </label>
        <label>
          Thanks <textarea rows={2} value={settings.bot.thanks} onInput={(e) => set({ bot: { ...settings.bot, thanks: e.currentTarget.value } })} />
        </label>
      </fieldset>
      <button type="submit">Save settings</button> <span role="status">{status}</span>
    </form>
  );
}
