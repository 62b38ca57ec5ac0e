import { fromShanghaiLocal as sh, toShanghaiLocal } from './shanghai-time';
import { createWorkCalendar } from './working-time';
import {
  deadlineState,
  defaultTimeLimitPolicy as policy,
  extendDeadline,
  reopenDeadline,
  stepDeadline,
  superviseAt,
  timeLimitPolicySchema,
  workCalendarConfigSchema,
} from './policy';

const calendar = createWorkCalendar();
const local = (d: Date) => toShanghaiLocal(d);
const normal = (demandType: 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise') =>
  ({ demandType, urgency: 'normal' }) as const;

describe('stepDeadline', () => {
  const start = sh('2026-11-24T10:00'); // a Tuesday

  it.each([
    ['dispatch', 'normal', '2026-11-24T11:00', '2026-11-24T10:48'],
    ['dispatch', 'urgent', '2026-11-24T10:30', '2026-11-24T10:24'],
    ['sign', 'normal', '2026-11-24T12:00', '2026-11-24T11:36'],
    ['sign', 'urgent', '2026-11-24T10:30', '2026-11-24T10:24'],
    ['callback', 'normal', '2026-11-26T10:00', '2026-11-25T15:42'],
  ] as const)('%s (%s) is due at %s and warns at %s', (step, urgency, due, warn) => {
    const d = stepDeadline(policy, calendar, step, { demandType: 'complaint', urgency }, start);
    expect([local(d.dueAt), local(d.warnAt)]).toEqual([due, warn]);
  });

  it.each([
    ['consultation', '2026-11-27T10:00'],
    ['help', '2026-12-01T10:00'],
    ['complaint', '2026-12-08T10:00'],
    ['report', '2026-12-08T10:00'],
    ['suggestion', '2026-12-15T10:00'],
    ['praise', '2026-12-01T10:00'],
  ] as const)('a %s reply is due at %s', (demandType, due) => {
    expect(local(stepDeadline(policy, calendar, 'reply', normal(demandType), start).dueAt)).toBe(due);
  });

  it('gives an urgent reply 24 clock hours, weekend or not', () => {
    const d = stepDeadline(
      policy,
      calendar,
      'reply',
      { demandType: 'help', urgency: 'urgent' },
      sh('2026-11-27T16:00'),
    );
    expect(d.mode).toBe('clock');
    expect(local(d.dueAt)).toBe('2026-11-28T16:00');
    expect(local(d.warnAt)).toBe('2026-11-28T11:12');
  });

  it('counts a consultation across National Day in working days', () => {
    const d = stepDeadline(policy, calendar, 'reply', normal('consultation'), sh('2026-09-30T10:00'));
    expect(local(d.dueAt)).toBe('2026-10-10T10:00');
  });
});

describe('deadlineState', () => {
  const warnAt = sh('2026-11-24T14:00');
  const dueAt = sh('2026-11-24T16:00');
  it.each([
    ['2026-11-24T13:59', 'normal'],
    ['2026-11-24T14:00', 'warning'],
    ['2026-11-24T15:59', 'warning'],
    ['2026-11-24T16:00', 'overdue'],
  ] as const)('at %s it is %s', (now, state) => {
    expect(deadlineState(sh(now), warnAt, dueAt)).toBe(state);
  });
});

describe('other policy deadlines', () => {
  it('supervises 2 working days after the deadline', () => {
    expect(local(superviseAt(policy, calendar, sh('2026-11-27T16:00')))).toBe('2026-12-01T16:00');
  });
  it('extends a deadline by working days', () => {
    expect(local(extendDeadline(calendar, sh('2026-11-27T16:00'), 3))).toBe('2026-12-02T16:00');
  });
  it('closes the reopen window 15 calendar days after closing', () => {
    expect(local(reopenDeadline(policy, sh('2026-11-01T10:00')))).toBe('2026-11-16T10:00');
  });
});

describe('timeLimitPolicySchema', () => {
  it('accepts the defaults', () => {
    expect(timeLimitPolicySchema.parse(policy)).toEqual(policy);
  });
  it('refuses a missing demand type, a non-positive amount and unknown keys', () => {
    const { praise: _p, ...withoutPraise } = policy.reply.normal;
    expect(
      timeLimitPolicySchema.safeParse({ ...policy, reply: { ...policy.reply, normal: withoutPraise } }).success,
    ).toBe(false);
    expect(timeLimitPolicySchema.safeParse({ ...policy, callback: { amount: 0, unit: 'working_days' } }).success).toBe(
      false,
    );
    expect(timeLimitPolicySchema.safeParse({ ...policy, extra: 1 }).success).toBe(false);
    expect(timeLimitPolicySchema.safeParse({ ...policy, warningRatio: 1 }).success).toBe(false);
  });
});

describe('workCalendarConfigSchema', () => {
  it('accepts office hours and overrides', () => {
    const config = {
      officeHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      overrides: [{ date: '2027-02-06', kind: 'holiday' }],
    };
    expect(workCalendarConfigSchema.parse(config)).toEqual(config);
  });
  it.each([
    [{ officeHours: [{ start: '13:00', end: '12:00' }], overrides: [] }],
    [
      {
        officeHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
        overrides: [],
      },
    ],
    [{ officeHours: [{ start: '09:00', end: '12:00' }], overrides: [{ date: '2027-02-30', kind: 'holiday' }] }],
    [{ officeHours: [{ start: '9:00', end: '12:00' }], overrides: [] }],
  ])('refuses %j', (config) => {
    expect(workCalendarConfigSchema.safeParse(config).success).toBe(false);
  });
});
