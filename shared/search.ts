/** Letters that carry no combining mark to strip, folded by hand. */
const FOLDS: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ı: 'i' };

/**
 * Case- and accent-insensitive form of a text, for searching: `Łukasz Müller`
 * → `lukasz muller`. The API's `q` and the dashboard's list fold the same
 * way, so a list and its export hold the same leads.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðħßæœþı]/g, (c) => FOLDS[c] ?? c);
}
