import { createWorkCalendar, defaultTimeLimitPolicy, fromShanghaiLocal, type StaffDirectory } from '@hotline/core';
import { countdown, timeRulesOf } from './countdown';

const at = (local: string) => fromShanghaiLocal(local);
const iso = (local: string) => at(local).toISOString();
const help = { demandType: 'help' as const, urgency: 'normal' as const };
/** The countdown of a normal help case's step, the times in Shanghai local time. */
const countdownAt = (step: 'sign' | 'reply', warnAt: string, dueAt: string, now: string) =>
  countdown({ step, warnAt: iso(warnAt), dueAt: iso(dueAt) }, help, at(now));

describe('the deadline countdown', () => {
  it('should skip the 2026 National Day holiday when counting working hours left', () => {
    // 30 Sep 16:30 → 9 Oct 10:00: 1 h that afternoon, 1–7 Oct off, 7 h on 8 Oct, 1 h on 9 Oct.
    const shown = countdownAt('reply', '2026-10-09T09:00', '2026-10-09T10:00', '2026-09-30T16:30');
    expect(shown).toMatchObject({ state: 'normal', minutes: 540, mode: 'working' });
    expect(shown.label).toBe('正常 · 答复剩余9工作小时');
  });

  it('should count the adjusted working Saturday after the holiday (10 Oct 2026)', () => {
    const shown = countdownAt('sign', '2026-10-12T09:00', '2026-10-12T09:30', '2026-10-09T17:00');
    // 30 min on Friday 9 Oct, a full 7 h on Saturday 10 Oct (调休), Sunday off, 30 min on Monday.
    expect(shown.minutes).toBe(30 + 420 + 30);
    expect(shown.label).toBe('正常 · 签收剩余8工作小时');
  });

  it('should turn to warning with words beside the colour once the warning point passes', () => {
    const shown = countdownAt('sign', '2026-11-30T10:00', '2026-11-30T11:00', '2026-11-30T10:20');
    expect(shown).toMatchObject({ state: 'warning', label: '即将超时 · 签收剩余40分钟' });
  });

  it('should show how far past the deadline an overdue step is, in working time', () => {
    // Due Friday 17:00; on Monday 10:15 it is 30 min + 1 h 15 min of working time late.
    const shown = countdownAt('reply', '2026-11-27T15:00', '2026-11-27T17:00', '2026-11-30T10:15');
    expect(shown).toMatchObject({ state: 'overdue', minutes: -105, label: '已超时 · 答复超时1工作小时45分' });
  });

  it('should count an urgent reply in clock hours, weekends included', () => {
    const shown = countdown(
      { step: 'reply', warnAt: iso('2026-11-29T06:00'), dueAt: iso('2026-11-29T12:00') },
      { demandType: 'help', urgency: 'urgent' },
      at('2026-11-28T12:00'),
    );
    expect(shown).toMatchObject({ mode: 'clock', minutes: 24 * 60, label: '正常 · 答复剩余24小时' });
  });

  it('should honour an admin override that makes a day a holiday', () => {
    const calendar = createWorkCalendar({ overrides: [{ date: '2026-12-01', kind: 'holiday' }] });
    const shown = countdown(
      { step: 'reply', warnAt: iso('2026-12-02T09:00'), dueAt: iso('2026-12-02T10:00') },
      help,
      at('2026-11-30T17:00'),
      { policy: defaultTimeLimitPolicy, calendar },
    );
    expect(shown.minutes).toBe(30 + 60);
  });

  it('should say when there is no running deadline or the clock is paused', () => {
    expect(countdown({ step: null, warnAt: null, dueAt: null }, help, new Date()).label).toBe('无时限');
    expect(
      countdown(
        { step: 'reply', warnAt: iso('2026-12-02T09:00'), dueAt: iso('2026-12-02T10:00'), paused: true },
        help,
        new Date(),
      ).label,
    ).toBe('已暂停计时');
  });

  it('should count with the admin’s calendar and office hours that come with the staff directory', () => {
    const directory: StaffDirectory = {
      units: [],
      categories: [],
      timeRules: {
        policy: defaultTimeLimitPolicy,
        // Monday 30 Nov 2026 declared a holiday; office hours 09:00–12:00 only.
        calendar: {
          officeHours: [{ start: '09:00', end: '12:00' }],
          overrides: [{ date: '2026-11-30', kind: 'holiday' }],
        },
      },
    };
    const deadline = { step: 'sign', warnAt: iso('2026-12-01T10:00'), dueAt: iso('2026-12-01T11:00') };
    // Friday 27 Nov 11:00 → Tuesday 1 Dec 11:00: 1 h on Friday, Monday off, 2 h on Tuesday.
    expect(countdown(deadline, help, at('2026-11-27T11:00'), timeRulesOf(directory)).minutes).toBe(180);
    // the built-in rules count Monday and the afternoons too
    expect(countdown(deadline, help, at('2026-11-27T11:00')).minutes).toBeGreaterThan(180);
  });
});
