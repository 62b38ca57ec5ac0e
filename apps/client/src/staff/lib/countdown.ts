// A case step's time left, in the units its limit is counted in: working time for most steps
// (weekends, holidays and 调休 skipped by core's calendar), clock time for urgent replies. The
// admin's policy, calendar overrides and office hours come with the staff directory, so the
// countdown counts the way the server's deadlines were computed.
import {
  caseSteps,
  createWorkCalendar,
  deadlineState,
  defaultTimeLimitPolicy,
  durationMode,
  minutesBetween,
  stepDuration,
  type CaseKind,
  type CaseStep,
  type ClockMode,
  type DeadlineState,
  type StaffDirectory,
  type TimeLimitPolicy,
  type WorkCalendar,
} from '@hotline/core';
import { staffText } from '@/locales/zh-CN.staff';

export interface StepDeadlineView {
  step: string | null;
  warnAt: string | null;
  dueAt: string | null;
  paused?: boolean;
}

export interface Countdown {
  state: DeadlineState | 'none' | 'paused';
  /** Minutes left in the step's own units; negative once overdue. */
  minutes: number;
  mode: ClockMode;
  /** What the user reads beside the colour: the state in words and the time. */
  label: string;
}

export interface TimeRules {
  policy: TimeLimitPolicy;
  calendar: WorkCalendar;
}

let builtIn: TimeRules | null = null;
const fromDirectory = new WeakMap<StaffDirectory, TimeRules>();

/** The rules a directory carries (built once per directory); the built-in ones until it has loaded. */
export function timeRulesOf(directory: StaffDirectory | null): TimeRules {
  if (!directory) return (builtIn ??= { policy: defaultTimeLimitPolicy, calendar: createWorkCalendar() });
  let rules = fromDirectory.get(directory);
  if (!rules) {
    const { policy, calendar } = directory.timeRules;
    rules = {
      policy,
      calendar: createWorkCalendar({ overrides: calendar.overrides, officeHours: calendar.officeHours }),
    };
    fromDirectory.set(directory, rules);
  }
  return rules;
}

const isStep = (step: string | null): step is CaseStep => (caseSteps as readonly (string | null)[]).includes(step);

export function stepMode(step: CaseStep, kind: CaseKind, policy: TimeLimitPolicy = defaultTimeLimitPolicy): ClockMode {
  return durationMode(stepDuration(policy, step, kind));
}

function duration(minutes: number, mode: ClockMode): string {
  const total = Math.floor(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return mode === 'working' ? staffText.deadline.workingHours(h, m) : staffText.deadline.clockHours(h, m);
}

export function countdown(
  deadline: StepDeadlineView,
  kind: CaseKind,
  now: Date,
  rules: TimeRules = timeRulesOf(null),
): Countdown {
  const text = staffText.deadline;
  if (deadline.paused) return { state: 'paused', minutes: 0, mode: 'working', label: text.paused };
  if (!deadline.dueAt || !deadline.warnAt || !isStep(deadline.step)) {
    return { state: 'none', minutes: 0, mode: 'working', label: text.none };
  }
  const mode = stepMode(deadline.step, kind, rules.policy);
  const minutes = minutesBetween(rules.calendar, mode, now, deadline.dueAt);
  const state = deadlineState(now, deadline.warnAt, deadline.dueAt);
  const time = state === 'overdue' ? text.over(duration(minutes, mode)) : text.left(duration(minutes, mode));
  return { state, minutes, mode, label: `${text[state]} · ${text.step[deadline.step]}${time}` };
}
