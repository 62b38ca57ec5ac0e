import { monthDays } from './calendar';

const year2026 = {
  year: 2026,
  overrides: [
    { date: '2026-10-09', kind: 'holiday' as const, note: '县庆', updatedAt: '2026-11-30T00:00:00.000Z', version: 2 },
  ],
  library: [
    { date: '2026-10-01', kind: 'holiday' as const },
    { date: '2026-10-10', kind: 'workday' as const },
  ],
  libraryCoversYear: true,
};

describe('the console calendar', () => {
  it('marks library holidays and adjusted workdays, weekends, and the admin’s overrides on top', () => {
    const october = monthDays(year2026, 10);
    expect(october).toHaveLength(31);
    const day = (d: number) => october[d - 1]!;
    expect(day(1)).toMatchObject({ kind: 'holiday', overridden: false, weekday: 3, version: 0 });
    expect(day(9)).toMatchObject({ kind: 'holiday', overridden: true, note: '县庆', version: 2 });
    // Saturday 10 October 2026 is worked (调休), Sunday the 11th is not.
    expect(day(10)).toMatchObject({ kind: 'workday', weekday: 5 });
    expect(day(11)).toMatchObject({ kind: 'weekend', weekday: 6 });
    expect(day(12)).toMatchObject({ kind: 'plain', weekday: 0 });
  });

  it('knows February of a leap year', () => {
    expect(monthDays({ ...year2026, year: 2028, overrides: [], library: [] }, 2)).toHaveLength(29);
  });
});
