import { describe, expect, it } from 'vitest';
import { EVENT_SHARDS, TenantKeys, shardOf } from './table-keys';

const T = 'abcdefgh12345678';

describe('TenantKeys', () => {
  it('starts every partition key of every entity with the tenant', () => {
    const iso = '2026-11-23T10:00:00.000Z';
    const keys = [
      TenantKeys.profile(T).PK,
      TenantKeys.apiKey(T, 'k1').PK,
      TenantKeys.dailySalt(T, '2026-11-23').PK,
      TenantKeys.visitor(T, 'v1').PK,
      TenantKeys.session(T, 'v1', 's1').PK,
      TenantKeys.visitorLink(T, 'v1', 'd1').PK,
      TenantKeys.event(T, iso, 'e1').PK,
      TenantKeys.eventBatch(T, 'v1', 'h1').PK,
      TenantKeys.eventDay(T, iso).PK,
      TenantKeys.conversation(T, 'c1').PK,
      TenantKeys.message(T, 'c1', 'm1').PK,
      TenantKeys.conversationStream(T, iso, 'c1').GSI1PK,
      TenantKeys.contact(T, 'k1').PK,
      TenantKeys.leadStream(T, iso, 'k1').GSI1PK,
      TenantKeys.byVisitor(T, 'v1', 'CONTACT', 'k1').GSI2PK,
      TenantKeys.audit(T, iso, 'a1').PK,
      TenantKeys.rateWindow(T, 'key').PK,
    ];
    for (const key of keys) expect(key.startsWith(`T#${T}`)).toBe(true);
  });

  it('keeps one tenant from being a prefix of another at a partition boundary', () => {
    expect(TenantKeys.visitor('tenant', 'v').PK.startsWith(`${TenantKeys.root('tenan')}#`)).toBe(false);
  });

  it('sorts time streams by time, then id', () => {
    const a = TenantKeys.leadStream(T, '2026-01-02T00:00:00.000Z', 'zzz').GSI1SK;
    const b = TenantKeys.leadStream(T, '2026-01-10T00:00:00.000Z', 'aaa').GSI1SK;
    expect([b, a].sort()).toEqual([a, b]);
  });

  it('stores events in a day partition chosen by a stable shard, sorted by time then id', () => {
    const s = TenantKeys.event(T, '2026-11-23T10:00:00.000Z', 'event-123');
    expect(s).toEqual({ PK: `T#${T}#EV#2026-11-23#${shardOf('event-123')}`, SK: '2026-11-23T10:00:00.000Z#event-123' });
    expect(TenantKeys.event(T, '2026-11-23T23:00:00.000Z', 'event-123').PK).toBe(s.PK);
  });

  it('spreads ids evenly enough over the shards', () => {
    const counts = new Array<number>(EVENT_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`evt-${i}-${i * 7919}`)]! += 1;
    for (const c of counts) {
      expect(c).toBeGreaterThan(700);
      expect(c).toBeLessThan(1300);
    }
  });
});
