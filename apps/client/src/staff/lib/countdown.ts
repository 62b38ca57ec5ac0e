// A case step's time left, in the units its limit is counted in: working time for most steps
// (weekends, holidays and 调休 skipped by core's calendar), clock time for urgent replies.
import {
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

let shared: WorkCalendar | null = null;
// The admin's calendar overrides are not sent to clients yet: the library's holidays apply.
const defaultCalendar = () => (shared ??= createWorkCalendar());

const isStep = (step: string | null): step is CaseStep =>
  step === 'dispatch' || step === 'sign' || step === 'reply' || step === 'callback';

export function stepMode(step: CaseStep, kind: CaseKind): ClockMode {
  return durationMode(stepDuration(defaultTimeLimitPolicy, step, kind));
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
  calendar: WorkCalendar = defaultCalendar(),
): Countdown {
  const text = staffText.deadline;
  if (deadline.paused) return { state: 'paused', minutes: 0, mode: 'working', label: text.paused };
  if (!deadline.dueAt || !deadline.warnAt || !isStep(deadline.step)) {
    return { state: 'none', minutes: 0, mode: 'working', label: text.none };
  }
  const mode = stepMode(deadline.step, kind);
  const minutes = minutesBetween(calendar, mode, now, deadline.dueAt);
  const state = deadlineState(now, deadline.warnAt, deadline.dueAt);
  const time = state === 'overdue' ? text.over(duration(minutes, mode)) : text.left(duration(minutes, mode));
  return { state, minutes, mode, label: `${text[state]} · ${text.step[deadline.step]}${time}` };
}
