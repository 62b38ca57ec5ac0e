import { fromShanghaiLocal as sh, shanghaiDate, toShanghaiLocal } from './shanghai-time';
import {
  addClockHours,
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  createWorkCalendar,
  pauseClock,
  resumeClock,
  warningPoint,
  workingMinutesBetween,
} from './working-time';

const calendar = createWorkCalendar();
const local = (d: Date) => toShanghaiLocal(d);

describe('WorkCalendar', () => {
  it.each([
    ['2026-09-30', true, 'Wednesday before National Day'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'last day of the National Day holiday'],
    ['2026-10-08', true, 'first working day after National Day'],
    ['2026-09-20', true, 'Sunday worked for National Day'],
    ['2026-10-10', true, 'Saturday worked for National Day'],
    ['2026-10-11', false, 'ordinary Sunday'],
    ['2026-02-14', true, 'Saturday worked for Spring Festival'],
    ['2026-02-15', false, 'first day of Spring Festival'],
    ['2026-02-23', false, 'last day of Spring Festival'],
    ['2026-02-24', true, 'first working day after Spring Festival'],
    ['2026-02-28', true, 'Saturday worked after Spring Festival'],
    ['2027-01-01', true, '2027 New Year without an override: the library only knows weekends'],
    ['2027-01-02', false, 'a 2027 Saturday'],
    ['2027-01-04', true, 'a 2027 Monday'],
  ])('%s is a workday: %s (%s)', (date, expected) => {
    expect(calendar.isWorkday(date)).toBe(expected);
  });

  it('lets admin overrides win over the library and cover later years', () => {
    const withOverrides = createWorkCalendar({
      overrides: [
        { date: '2027-01-01', kind: 'holiday' },
        { date: '2027-01-02', kind: 'workday' },
        { date: '2026-10-01', kind: 'workday' },
      ],
    });
    expect(withOverrides.isWorkday('2027-01-01')).toBe(false);
    expect(withOverrides.isWorkday('2027-01-02')).toBe(true);
    expect(withOverrides.isWorkday('2026-10-01')).toBe(true);
  });

  it('refuses overlapping or empty office periods and bad override dates', () => {
    expect(() =>
      createWorkCalendar({
        officeHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      }),
    ).toThrow();
    expect(() => createWorkCalendar({ officeHours: [{ start: '09:00', end: '09:00' }] })).toThrow();
    expect(() => createWorkCalendar({ officeHours: [] })).toThrow();
    expect(() => createWorkCalendar({ overrides: [{ date: '2027-02-30', kind: 'holiday' }] })).toThrow();
  });

  it('has 7 working hours in a default office day', () => {
    expect(calendar.minutesPerDay).toBe(420);
  });
});

describe('addWorkingMinutes / addWorkingHours', () => {
  it.each([
    ['inside the morning', '2026-11-24T10:00', 60, '2026-11-24T11:00'],
    ['across the lunch break', '2026-11-24T11:30', 60, '2026-11-24T14:00'],
    ['landing on the end of the morning stays at 12:00', '2026-11-24T11:00', 60, '2026-11-24T12:00'],
    ['from inside the lunch break', '2026-11-24T12:30', 30, '2026-11-24T14:00'],
    ['before office hours', '2026-11-24T07:15', 30, '2026-11-24T09:30'],
    ['after office hours', '2026-11-24T19:00', 30, '2026-11-25T09:30'],
    ['over a weekend', '2026-11-27T17:00', 60, '2026-11-30T09:30'],
    ['into National Day', '2026-09-30T17:00', 120, '2026-10-08T10:30'],
    ['onto the worked Saturday after National Day', '2026-10-09T17:00', 60, '2026-10-10T09:30'],
    ['onto the worked Sunday before National Day', '2026-09-19T10:00', 30, '2026-09-20T09:30'],
    ['over Spring Festival', '2026-02-14T17:00', 60, '2026-02-24T09:30'],
  ])('%s', (_label, start, minutes, expected) => {
    expect(local(addWorkingMinutes(calendar, sh(start), minutes))).toBe(expected);
  });

  it('counts from the Shanghai date when the UTC date is the day before', () => {
    // 06:00 on 8 October in Shanghai is still 7 October (a holiday) in UTC.
    const start = new Date('2026-10-07T22:00:00Z');
    expect(shanghaiDate(start)).toBe('2026-10-08');
    expect(addWorkingHours(calendar, start, 1).toISOString()).toBe('2026-10-08T02:00:00.000Z');
  });

  it('treats a late Shanghai evening as after office hours', () => {
    expect(local(addWorkingHours(calendar, '2026-11-24T15:30:00Z', 2))).toBe('2026-11-25T11:00');
  });

  it('accepts ISO strings and returns the same instant for zero minutes', () => {
    expect(addWorkingMinutes(calendar, '2026-11-28T03:00:00Z', 0).toISOString()).toBe('2026-11-28T03:00:00.000Z');
  });

  it('skips 2027 New Year only when an override says so', () => {
    const start = sh('2026-12-31T17:00');
    expect(local(addWorkingHours(calendar, start, 1))).toBe('2027-01-01T09:30');
    const withOverride = createWorkCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday' }] });
    expect(local(addWorkingHours(withOverride, start, 1))).toBe('2027-01-04T09:30');
  });

  it('refuses negative minutes', () => {
    expect(() => addWorkingMinutes(calendar, sh('2026-11-24T10:00'), -1)).toThrow(RangeError);
  });

  it('follows configured office hours', () => {
    const longDay = createWorkCalendar({ officeHours: [{ start: '08:00', end: '18:00' }] });
    expect(local(addWorkingHours(longDay, sh('2026-11-24T17:00'), 2))).toBe('2026-11-25T09:00');
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['same clock time a working day later', '2026-11-24T10:00', 1, '2026-11-25T10:00'],
    ['over a weekend', '2026-11-27T10:00', 1, '2026-11-30T10:00'],
    ['3 days for a consultation across National Day', '2026-09-29T15:00', 3, '2026-10-09T15:00'],
    ['a start after hours counts from the next opening', '2026-11-27T18:00', 1, '2026-11-30T17:30'],
    [
      '10 days across Spring Festival: 13, 14 (Sat), 24–28 (Sat), 2–4 March',
      '2026-02-12T10:00',
      10,
      '2026-03-04T10:00',
    ],
  ])('%s', (_label, start, days, expected) => {
    expect(local(addWorkingDays(calendar, sh(start), days))).toBe(expected);
  });
});

describe('addClockHours', () => {
  it('adds 24 clock hours through a weekend and holidays alike', () => {
    expect(local(addClockHours(sh('2026-10-01T20:00'), 24))).toBe('2026-10-02T20:00');
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['a morning hour', '2026-11-24T10:00', '2026-11-24T11:00', 60],
    ['lunch break does not count', '2026-11-24T11:00', '2026-11-24T14:30', 120],
    ['a whole weekend counts nothing', '2026-11-28T00:00', '2026-11-30T00:00', 0],
    ['Friday evening to Monday 10:00', '2026-11-27T17:00', '2026-11-30T10:00', 90],
    ['National Day: only 8, 9 and the worked Saturday 10 October', '2026-09-30T17:30', '2026-10-10T17:30', 1260],
  ])('%s', (_label, from, to, expected) => {
    expect(workingMinutesBetween(calendar, sh(from), sh(to))).toBe(expected);
  });

  it('is negative when the end comes first and inverts addWorkingMinutes', () => {
    const a = sh('2026-11-24T10:00');
    const b = addWorkingMinutes(calendar, a, 1000);
    expect(workingMinutesBetween(calendar, a, b)).toBe(1000);
    expect(workingMinutesBetween(calendar, b, a)).toBe(-1000);
  });
});

describe('warningPoint', () => {
  it('is at 80 % of the working time of a step', () => {
    const start = sh('2026-11-24T09:00');
    const due = addWorkingHours(calendar, start, 5); // 15:30
    expect(local(warningPoint(calendar, 'working', start, due))).toBe('2026-11-24T14:30');
  });

  it('is at 80 % of the clock time of an urgent step', () => {
    const start = sh('2026-11-24T20:00');
    expect(local(warningPoint(calendar, 'clock', start, addClockHours(start, 24)))).toBe('2026-11-25T15:12');
  });
});

describe('pauseClock / resumeClock', () => {
  it('freezes the remaining working minutes and counts them again from the resume', () => {
    const due = sh('2026-11-25T10:00');
    const paused = pauseClock(calendar, 'working', due, sh('2026-11-24T16:30'));
    expect(paused.remainingMinutes).toBe(120);
    expect(local(resumeClock(calendar, paused, sh('2026-11-27T11:00')))).toBe('2026-11-27T14:30');
  });

  it('makes a step that was overdue at the pause due at the resume', () => {
    const paused = pauseClock(calendar, 'working', sh('2026-11-24T10:00'), sh('2026-11-24T11:00'));
    expect(paused.remainingMinutes).toBe(-60);
    expect(local(resumeClock(calendar, paused, sh('2026-11-26T15:00')))).toBe('2026-11-26T15:00');
  });

  it('pauses clock-time steps in clock minutes', () => {
    const paused = pauseClock(calendar, 'clock', sh('2026-11-25T20:00'), sh('2026-11-24T20:00'));
    expect(paused.remainingMinutes).toBe(1440);
    expect(local(resumeClock(calendar, paused, sh('2026-11-28T08:00')))).toBe('2026-11-29T08:00');
  });
});
