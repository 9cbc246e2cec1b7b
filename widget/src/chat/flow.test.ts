import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/schemas/settings';
import { freshState } from '../state';
import { check, leadSent, stageOf } from './flow';

const bot = DEFAULT_SETTINGS.bot;

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

  it('asks the questions in order, then the marketing consent, then chats', () => {
    const st = freshState();
    st.step = 0;
    expect(stageOf(bot, st)).toEqual({ kind: 'question', q: bot.questions[0] });
    st.step = bot.questions.length;
    // Nothing collected: no lead to ask consent for.
    expect(stageOf(bot, st)).toEqual({ kind: 'chat' });
    st.f.email = 'aino@example.fi';
    expect(stageOf(bot, st)).toEqual({ kind: 'consent' });
    expect(leadSent(bot, st)).toBe(false);
    st.step += 1;
    expect(stageOf(bot, st)).toEqual({ kind: 'chat' });
    expect(leadSent(bot, st)).toBe(true);
  });
});
