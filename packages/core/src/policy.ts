// The time-limit policy of case steps as editable data (defaults from DOMAIN.md),
// with the zod schema an admin edits it through, and the step deadlines it implies.
import { z } from 'zod';
import { demandTypes, type CaseStep, type DeadlineState, type DemandType, type Urgency } from './vocabulary';
import { isIsoDate, toInstant, type InstantInput } from './shanghai-time';
import { addMinutes, type ClockMode, type WorkCalendar } from './working-time';

export const durationUnits = [
  'working_minutes',
  'working_hours',
  'working_days',
  'clock_minutes',
  'clock_hours',
] as const;
export type DurationUnit = (typeof durationUnits)[number];

export const durationSchema = z.strictObject({
  amount: z.number().positive().max(10_000),
  unit: z.enum(durationUnits),
});
export type Duration = z.infer<typeof durationSchema>;

const stepLimitSchema = z.strictObject({ normal: durationSchema, urgent: durationSchema });

/** Online demands are accepted within 1 working hour of filing, urgent ones within 30 minutes. */
const defaultAcceptLimit = {
  normal: { amount: 1, unit: 'working_hours' },
  urgent: { amount: 30, unit: 'working_minutes' },
} as const satisfies z.input<typeof stepLimitSchema>;

export const timeLimitPolicySchema = z.strictObject({
  /** Policies saved before acceptance had its own clock take the default. */
  accept: stepLimitSchema.default(defaultAcceptLimit),
  dispatch: stepLimitSchema,
  sign: stepLimitSchema,
  reply: z.strictObject({
    normal: z.strictObject(
      Object.fromEntries(demandTypes.map((t) => [t, durationSchema])) as Record<DemandType, typeof durationSchema>,
    ),
    urgent: durationSchema,
  }),
  callback: durationSchema,
  /** Calendar days after closing during which a resident may ask to reopen. */
  reopenWindowDays: z.number().int().positive().max(365),
  /** Share of a step's time after which it shows a warning. */
  warningRatio: z.number().gt(0).lt(1),
  /** Time past the deadline after which the scheduler supervises the case. */
  superviseAfterOverdue: durationSchema,
  maxExtensions: z.number().int().min(0).max(10),
});
export type TimeLimitPolicy = z.infer<typeof timeLimitPolicySchema>;

/**
 * Praise needs no investigation, only that the unit records it and tells the
 * people praised; we give it 5 working days like a request for help, which
 * leaves the unit time to reach them without letting it linger.
 */
export const defaultTimeLimitPolicy: TimeLimitPolicy = {
  accept: { normal: { ...defaultAcceptLimit.normal }, urgent: { ...defaultAcceptLimit.urgent } },
  dispatch: { normal: { amount: 1, unit: 'working_hours' }, urgent: { amount: 30, unit: 'working_minutes' } },
  sign: { normal: { amount: 2, unit: 'working_hours' }, urgent: { amount: 30, unit: 'working_minutes' } },
  reply: {
    normal: {
      consultation: { amount: 3, unit: 'working_days' },
      help: { amount: 5, unit: 'working_days' },
      complaint: { amount: 10, unit: 'working_days' },
      report: { amount: 10, unit: 'working_days' },
      suggestion: { amount: 15, unit: 'working_days' },
      praise: { amount: 5, unit: 'working_days' },
    },
    urgent: { amount: 24, unit: 'clock_hours' },
  },
  callback: { amount: 2, unit: 'working_days' },
  reopenWindowDays: 15,
  warningRatio: 0.8,
  superviseAfterOverdue: { amount: 2, unit: 'working_days' },
  maxExtensions: 2,
};

export const calendarOverrideSchema = z.strictObject({
  date: z.string().refine(isIsoDate, 'Expected a date YYYY-MM-DD'),
  kind: z.enum(['holiday', 'workday']),
});

const clockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');
export const officeHoursSchema = z
  .array(z.strictObject({ start: clockSchema, end: clockSchema }))
  .min(1)
  .max(4)
  .refine(
    (periods) => periods.every((p, i) => p.start < p.end && (i === 0 || (periods[i - 1]?.end ?? '') <= p.start)),
    'Office periods must be in order and must not overlap',
  );

export const workCalendarConfigSchema = z.strictObject({
  officeHours: officeHoursSchema,
  overrides: z.array(calendarOverrideSchema),
});
export type WorkCalendarConfig = z.infer<typeof workCalendarConfigSchema>;

export function durationMode(duration: Duration): ClockMode {
  return duration.unit.startsWith('clock_') ? 'clock' : 'working';
}

/** The duration in minutes of its own kind (working or clock). */
export function durationMinutes(duration: Duration, calendar: WorkCalendar): number {
  switch (duration.unit) {
    case 'working_minutes':
    case 'clock_minutes':
      return duration.amount;
    case 'working_hours':
    case 'clock_hours':
      return duration.amount * 60;
    case 'working_days':
      return duration.amount * calendar.minutesPerDay;
  }
}

export function addDuration(calendar: WorkCalendar, start: InstantInput, duration: Duration): Date {
  return addMinutes(calendar, durationMode(duration), start, durationMinutes(duration, calendar));
}

export interface CaseKind {
  demandType: DemandType;
  urgency: Urgency;
}

export function stepDuration(policy: TimeLimitPolicy, step: CaseStep, kind: CaseKind): Duration {
  switch (step) {
    case 'accept':
    case 'dispatch':
    case 'sign':
      return policy[step][kind.urgency];
    case 'reply':
      return kind.urgency === 'urgent' ? policy.reply.urgent : policy.reply.normal[kind.demandType];
    case 'callback':
      return policy.callback;
  }
}

export interface StepDeadline {
  mode: ClockMode;
  dueAt: Date;
  warnAt: Date;
}

/** When a step started at `startedAt` is due, and when it starts to warn. */
export function stepDeadline(
  policy: TimeLimitPolicy,
  calendar: WorkCalendar,
  step: CaseStep,
  kind: CaseKind,
  startedAt: InstantInput,
): StepDeadline {
  const duration = stepDuration(policy, step, kind);
  const mode = durationMode(duration);
  const minutes = durationMinutes(duration, calendar);
  return {
    mode,
    dueAt: addMinutes(calendar, mode, startedAt, minutes),
    warnAt: addMinutes(calendar, mode, startedAt, minutes * policy.warningRatio),
  };
}

/** When the scheduler supervises a case that is still overdue. */
export function superviseAt(policy: TimeLimitPolicy, calendar: WorkCalendar, dueAt: InstantInput): Date {
  return addDuration(calendar, dueAt, policy.superviseAfterOverdue);
}

/** The deadline after granting an extension of `days` working days. */
export function extendDeadline(calendar: WorkCalendar, dueAt: InstantInput, days: number): Date {
  return addDuration(calendar, dueAt, { amount: days, unit: 'working_days' });
}

/** The last instant a closed case may be asked to reopen (calendar days). */
export function reopenDeadline(policy: TimeLimitPolicy, closedAt: InstantInput): Date {
  return new Date(toInstant(closedAt).getTime() + policy.reopenWindowDays * 24 * 60 * 60 * 1000);
}

export function deadlineState(now: InstantInput, warnAt: InstantInput, dueAt: InstantInput): DeadlineState {
  const t = toInstant(now).getTime();
  if (t >= toInstant(dueAt).getTime()) return 'overdue';
  if (t >= toInstant(warnAt).getTime()) return 'warning';
  return 'normal';
}
