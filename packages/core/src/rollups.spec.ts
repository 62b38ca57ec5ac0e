import { previousPeriod } from './measures';
import { emptyCaseTally, tallyCase, type RollupEvent } from './rollups';

const T01 = { id: 'u-t01', kind: 'township', parentId: null };
const ev = (type: string, at: string, extra: Partial<RollupEvent> = {}): RollupEvent => ({
  type,
  at,
  fromStatus: null,
  toStatus: 'x',
  actorUnitId: null,
  payload: {},
  ...extra,
});
const noFallback = () => null;
const sum = (deltas: ReturnType<typeof tallyCase>['deltas'], counter: string, day?: string) =>
  deltas
    .filter((d) => day === undefined || d.day === day)
    .reduce((n, d) => n + ((d.counts as Record<string, number>)[counter] ?? 0), 0);

describe('tallyCase', () => {
  it('should judge a sign against the deadline the dispatch carried, and count it on the dispatch day', () => {
    const { deltas } = tallyCase(
      [
        ev('dispatch', '2026-03-02T15:30:00.000Z', { payload: { leadUnit: T01, dueAt: '2026-03-03T02:00:00.000Z' } }),
        ev('sign', '2026-03-03T01:59:00.000Z', { actorUnitId: 'u-t01' }),
      ],
      noFallback,
    );
    // 15:30 UTC is 23:30 in Shanghai: the dispatch belongs to 2 March, the sign to 3 March.
    expect(sum(deltas, 'dispatched', '2026-03-02')).toBe(1);
    expect(sum(deltas, 'signedInTime', '2026-03-02')).toBe(1);
  });

  it('should not count a sign after the carried deadline, whatever the rules are now', () => {
    const { deltas } = tallyCase(
      [
        ev('dispatch', '2026-03-02T01:00:00.000Z', { payload: { leadUnit: T01, dueAt: '2026-03-02T03:00:00.000Z' } }),
        ev('sign', '2026-03-02T03:00:01.000Z', { actorUnitId: 'u-t01' }),
      ],
      () => '2030-01-01T00:00:00.000Z',
    );
    expect(sum(deltas, 'signedInTime')).toBe(0);
  });

  it('should let a later rating replace the earlier one in the earlier one’s day', () => {
    const { deltas, tally } = tallyCase(
      [
        ev('dispatch', '2026-03-02T01:00:00.000Z', { payload: { leadUnit: T01, dueAt: '2026-03-02T03:00:00.000Z' } }),
        ev('sign', '2026-03-02T02:00:00.000Z', { actorUnitId: 'u-t01', payload: { dueAt: '2026-03-09T02:00:00.000Z' } }),
        ev('reply', '2026-03-03T02:00:00.000Z', { actorUnitId: 'u-t01' }),
        ev('callback', '2026-03-04T02:00:00.000Z', { toStatus: 'closed', fromStatus: 'callback', payload: { satisfaction: 'unsatisfied', solved: false } }),
        ev('rate', '2026-03-06T02:00:00.000Z', { toStatus: 'closed', fromStatus: 'closed', payload: { satisfaction: 'satisfied', solved: true } }),
      ],
      noFallback,
    );
    expect(sum(deltas, 'rated', '2026-03-04')).toBe(0);
    expect(sum(deltas, 'rated', '2026-03-06')).toBe(1);
    expect(sum(deltas, 'satisfied')).toBe(1);
    expect(sum(deltas, 'closed')).toBe(1);
    expect(sum(deltas, 'repliedOnTime')).toBe(1);
    expect(sum(deltas, 'replyMinutes')).toBe(25 * 60);
    expect(tally.rating).toMatchObject({ day: '2026-03-06', unitId: 'u-t01', satisfied: true });
  });

  it('should count nothing but the filing for a case that was only filed', () => {
    const { deltas, tally } = tallyCase([ev('submit', '2026-03-02T01:00:00.000Z')], noFallback);
    expect(deltas).toEqual([{ day: '2026-03-02', unitId: '', counts: { filed: 1 } }]);
    expect(tally).toEqual(emptyCaseTally());
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'],
    ['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31'],
    ['2026-03-09', '2026-03-15', '2026-03-02', '2026-03-08'],
  ])('%s..%s follows %s..%s', (from, to, pFrom, pTo) => {
    expect(previousPeriod(from, to)).toEqual({ from: pFrom, to: pTo });
  });
});
