import { bulletinWeekOf } from './bulletins';

describe('the week a bulletin covers', () => {
  it('should be the Monday–Sunday before the week of the day it is built, from Monday to Sunday alike', () => {
    const week = { weekStart: '2026-11-23', weekEnd: '2026-11-29', previousWeekStart: '2026-11-16', previousWeekEnd: '2026-11-22' };
    expect(bulletinWeekOf('2026-11-30')).toEqual(week); // Monday
    expect(bulletinWeekOf('2026-12-02')).toEqual(week); // Wednesday
    expect(bulletinWeekOf('2026-12-06')).toEqual(week); // Sunday
    expect(bulletinWeekOf('2026-12-07').weekStart).toBe('2026-11-30');
  });

  it('should cross a year as any other week', () => {
    expect(bulletinWeekOf('2027-01-04')).toEqual({
      weekStart: '2026-12-28',
      weekEnd: '2027-01-03',
      previousWeekStart: '2026-12-21',
      previousWeekEnd: '2026-12-27',
    });
  });
});
