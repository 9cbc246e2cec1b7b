import { describe, expect, it } from 'vitest';
import { collator, count, datedFilename, waitText } from './text';

describe('dashboard wording', () => {
  it('counts in words, singular for one', () => {
    expect([0, 1, 2, 1204].map((n) => count(n, 'lead', 'leads'))).toEqual(['0 leads', '1 lead', '2 leads', '1,204 leads']);
  });

  it('names files by the local day', () => {
    expect(datedFilename('parley-leads', 'json', new Date(2026, 10, 3, 23, 59))).toBe('parley-leads-2026-11-03.json');
  });

  it('sorts accented names where people expect them', () => {
    expect(['Zoë', 'zack', 'Émilie', 'Ada', 'émile', 'Øystein', 'item 10', 'item 2'].sort(collator.compare)).toEqual([
      'Ada',
      'émile',
      'Émilie',
      'item 2',
      'item 10',
      'Øystein',
      'zack',
      'Zoë',
    ]);
  });

  it('says a sign-in wait in seconds or whole minutes, rounded up', () => {
    expect([0.2, 1, 45, 60, 61, 900].map(waitText)).toEqual(['1 second', '1 second', '45 seconds', '1 minute', '2 minutes', '15 minutes']);
  });
});
