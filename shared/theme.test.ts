import { describe, expect, it } from 'vitest';
import { readableOn } from './theme';

describe('the text colour on a theme colour', () => {
  it.each([
    ['#1d4ed8', '#fff'],
    ['#ffffff', '#111'],
    ['#000000', '#fff'],
    ['#facc15', '#111'],
    ['#0f766e', '#fff'],
    // Around luminance 0.179, where black and white have equal contrast.
    ['#757575', '#fff'],
    ['#767676', '#111'],
  ])('%s → %s', (color, text) => expect(readableOn(color)).toBe(text));
});
