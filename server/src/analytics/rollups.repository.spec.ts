import type { Database } from '../database/database';
import { RollupsRepository } from './rollups.repository';

describe('RollupsRepository.bucketAdditions', () => {
  const repository = new RollupsRepository({ db: {}, kind: 'sqlite' } as unknown as Database);
  const dims = { categoryCode: '010101', townshipCode: 'T01', channel: 'h5' };

  it('adds an event’s counts to its bucket and to every sum table, with the columns in their fixed order', () => {
    const additions = repository.bucketAdditions(dims, [
      { day: '2026-12-01', unitId: 'u1', counts: { replied: 1, filed: 1 } },
    ]);
    expect(additions).toEqual([
      {
        table: 'case_rollups',
        key: { day: '2026-12-01', unit_id: 'u1', category_code: '010101', township_code: 'T01', channel: 'h5' },
        add: { filed: 1, replied: 1 },
      },
      { table: 'unit_day_rollups', key: { day: '2026-12-01', unit_id: 'u1' }, add: { filed: 1, replied: 1 } },
      {
        table: 'area_day_rollups',
        key: { day: '2026-12-01', township_code: 'T01', channel: 'h5' },
        add: { filed: 1, replied: 1 },
      },
      {
        table: 'category_day_rollups',
        key: { day: '2026-12-01', category_code: '010101', channel: 'h5' },
        add: { filed: 1, replied: 1 },
      },
    ]);
    expect(Object.keys(additions[0]!.add)).toEqual(['filed', 'replied']);
  });

  it('sums deltas that land in one row, and leaves out what nets to zero', () => {
    const additions = repository.bucketAdditions({ ...dims, townshipCode: null }, [
      // A redispatch: the old unit gives its dispatch back, the new one takes it, on the same day.
      { day: '2026-12-01', unitId: 'old', counts: { dispatched: -1, returned: 1 } },
      { day: '2026-12-01', unitId: 'new', counts: { dispatched: 1 } },
      { day: '2026-12-01', unitId: 'new', counts: { replyMinutes: 30 } },
    ]);
    const of = (table: string) => additions.filter((a) => a.table === table);
    expect(of('case_rollups').map((a) => [a.key.unit_id, a.add])).toEqual([
      ['old', { dispatched: -1, returned: 1 }],
      ['new', { dispatched: 1, reply_minutes: 30 }],
    ]);
    // Per township and per category the dispatches net to zero: only the return and the minutes move.
    expect(of('area_day_rollups')).toEqual([
      {
        table: 'area_day_rollups',
        key: { day: '2026-12-01', township_code: '', channel: 'h5' },
        add: { returned: 1, reply_minutes: 30 },
      },
    ]);
    expect(of('category_day_rollups').map((a) => a.add)).toEqual([{ returned: 1, reply_minutes: 30 }]);
    expect(of('unit_day_rollups').map((a) => [a.key.unit_id, a.add])).toEqual([
      ['old', { dispatched: -1, returned: 1 }],
      ['new', { dispatched: 1, reply_minutes: 30 }],
    ]);
  });

  it('answers nothing when every counter nets to zero', () => {
    expect(
      repository.bucketAdditions(dims, [
        { day: '2026-12-01', unitId: 'u1', counts: { filed: 1 } },
        { day: '2026-12-01', unitId: 'u1', counts: { filed: -1 } },
      ]),
    ).toEqual([]);
  });
});
