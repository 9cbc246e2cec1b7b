import { describe, expect, it } from 'vitest';
import { MAX_AGE_MS, forgetPagesOf, readAhead, takePage } from './read-ahead';

const page = (rows: number) => () => Promise.resolve({ rows });

describe('pages read ahead', () => {
  it('are served once, to the walk and cursor they were read for, while fresh', async () => {
    readAhead('t1', 't1|leads|1', 'c2', page(1), 1_000);
    expect(takePage('t1|leads|2', 'c2', 1_001)).toBeUndefined();
    expect(takePage('t1|leads|1', 'c3', 1_001)).toBeUndefined();
    await expect(takePage('t1|leads|1', 'c2', 1_001)).resolves.toEqual({ rows: 1 });
    expect(takePage('t1|leads|1', 'c2', 1_002)).toBeUndefined();
  });

  it('are never served stale, and a listing whose client is slow is not read ahead for a while', () => {
    let reads = 0;
    const counted = () => {
      reads += 1;
      return Promise.resolve({});
    };
    readAhead('t2', 't2|events|1000', 'c2', counted, 0);
    expect(takePage('t2|events|1000', 'c2', MAX_AGE_MS)).toBeUndefined();
    readAhead('t2', 't2|events|1000', 'c3', counted, MAX_AGE_MS + 1);
    expect(reads).toBe(1);
    readAhead('t2', 't2|events|500', 'c3', counted, MAX_AGE_MS + 1);
    expect(reads).toBe(2);
  });

  it('are read once for a repeated request, and nobody waits on a page left unread past its age', async () => {
    let reads = 0;
    const counted = () => {
      reads += 1;
      return Promise.resolve({ reads });
    };
    readAhead('t5', 't5|leads|1', 'c2', counted, 0);
    readAhead('t5', 't5|leads|1', 'c2', counted, 1);
    expect(reads).toBe(1);
    // Left unread, then swept when the next page is read ahead: asked for again later, it is read anew.
    readAhead('t6', 't6|leads|1', 'c9', counted, MAX_AGE_MS);
    readAhead('t5', 't5|leads|1', 'c2', counted, MAX_AGE_MS + 1);
    expect(reads).toBe(3);
    await expect(takePage('t5|leads|1', 'c2', MAX_AGE_MS + 2)).resolves.toEqual({ reads: 3 });
  });

  it("are dropped with their tenant's data", () => {
    readAhead('t3', 't3|leads|1', 'c2', page(1), 0);
    readAhead('t4', 't4|leads|1', 'c2', page(1), 0);
    forgetPagesOf('t3');
    expect(takePage('t3|leads|1', 'c2', 1)).toBeUndefined();
    expect(takePage('t4|leads|1', 'c2', 1)).toBeDefined();
  });
});
