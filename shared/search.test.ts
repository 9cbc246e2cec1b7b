import { describe, expect, it } from 'vitest';
import { foldText } from './search';

describe('foldText', () => {
  it.each([
    ['Łukasz Müller', 'lukasz muller'],
    ['ØRSTED', 'orsted'],
    ['Straße', 'strasse'],
    ['Æsop Œuvre', 'aesop oeuvre'],
    ['Þór', 'thor'],
    ['Đorđe', 'dorde'],
    ['Zoë', 'zoe'],
    ['ＡＢＣ ﬁ', 'abc fi'],
    ['naïve café', 'naive cafe'],
    ['', ''],
  ])('folds %j to %j', (text, expected) => {
    expect(foldText(text)).toBe(expected);
  });
});
