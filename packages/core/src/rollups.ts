// What each case event adds to the analytics roll-ups (per Shanghai day × unit × category ×
// township × channel). One pure reducer serves both the live path (a case-event hook, inside the
// action's transaction) and the rebuild from the event log, so the two cannot disagree.
//
// Deadlines are taken from the events themselves (`dueAt`, written when the step's clock started
// or moved), so past periods keep the policy and calendar that were in force at the time.
import { stepDeadline, type CaseKind, type TimeLimitPolicy } from './policy';
import { shanghaiDate } from './shanghai-time';
import type { WorkCalendar } from './working-time';
import type { Transition } from './case-actions';

export const rollupCounters = [
  'filed',
  'accepted',
  'dispatched',
  'signedInTime',
  'replied',
  'repliedOnTime',
  /** Clock minutes from the centre's dispatch to the reply, summed over replies. */
  'replyMinutes',
  'returned',
  'reviewed',
  'sentBack',
  'rated',
  'solved',
  'satisfied',
  'reopened',
  'closed',
] as const;
export type RollupCounter = (typeof rollupCounters)[number];
export type RollupCounts = Record<RollupCounter, number>;

export const emptyRollupCounts = (): RollupCounts =>
  Object.fromEntries(rollupCounters.map((c) => [c, 0])) as RollupCounts;

/** The unit a count belongs to when no unit is involved (filing, acceptance at the centre). */
export const NO_UNIT = '';

/** One event as the roll-ups read it (a stored case event or a live transition). */
export interface RollupEvent {
  type: string;
  at: string;
  toStatus: string;
  fromStatus: string | null;
  actorUnitId: string | null;
  payload: Record<string, unknown>;
}

/** What one event adds to one day × unit bucket of its case. Negative when a rating is replaced. */
export interface RollupDelta {
  day: string;
  unitId: string;
  counts: Partial<RollupCounts>;
}

/** What the reducer remembers of a case between its events. */
export interface CaseTally {
  /** The dispatch waiting for its sign: its bucket and deadline. */
  signWait: { unitId: string; day: string; dueAt: string } | null;
  replyDueAt: string | null;
  leadUnitId: string | null;
  dispatchedAt: string | null;
  requestedDays: number;
  lastReplyUnitId: string | null;
  /** The case's rating that counts (the latest); a later one replaces it in its own bucket. */
  rating: { day: string; unitId: string; solved: boolean; satisfied: boolean } | null;
}

export const emptyCaseTally = (): CaseTally => ({
  signWait: null,
  replyDueAt: null,
  leadUnitId: null,
  dispatchedAt: null,
  requestedDays: 0,
  lastReplyUnitId: null,
  rating: null,
});

/** Deadlines for events recorded before they carried one (computed with the rules at hand). */
export type FallbackDeadline = (step: 'sign' | 'reply', startedAt: string) => string | null;

/** Events that neither read nor change a tally: the live path skips loading it. */
const TALLY_FREE_EVENTS = new Set([
  'submit',
  'accept',
  'reject',
  'merge',
  'request_info',
  'supplement',
  'contribute',
  'urge',
  'supervise',
  'request_reopen',
  'repeat_demand',
]);

export const eventNeedsTally = (type: string): boolean => !TALLY_FREE_EVENTS.has(type);

const unitIdIn = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
    ? (value as { id: string }).id
    : null;

const stringIn = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The deadline an event should carry: the due time of the clock the transition started or moved,
 * and for a township's forward the village's sign deadline (the township's reply clock runs on).
 */
export function eventDueAt(transition: Transition, policy: TimeLimitPolicy, calendar: WorkCalendar): string | null {
  const { event, state, effects } = transition;
  if (event.type === 'forward') return stepDeadline(policy, calendar, 'sign', state, event.at).dueAt.toISOString();
  const moved = effects.some(
    (e) => e.type === 'start_step_clock' || e.type === 'extend_deadline' || e.type === 'resume_clock',
  );
  return moved && state.clock ? state.clock.dueAt : null;
}

/** Applies one event of a case to its tally; returns the new tally and the counts it adds. */
export function tallyEvent(
  before: CaseTally,
  event: RollupEvent,
  fallback: FallbackDeadline,
): { tally: CaseTally; deltas: RollupDelta[] } {
  const t: CaseTally = { ...before };
  const deltas: RollupDelta[] = [];
  const day = shanghaiDate(event.at);
  const add = (unitId: string, counts: Partial<RollupCounts>, onDay = day) => deltas.push({ day: onDay, unitId, counts });
  const p = event.payload;
  const dueAt = stringIn(p.dueAt);

  switch (event.type) {
    case 'submit':
      add(NO_UNIT, p.acceptNow === true ? { filed: 1, accepted: 1 } : { filed: 1 });
      break;
    case 'accept':
      add(NO_UNIT, { accepted: 1 });
      break;
    case 'dispatch':
    case 'rule_return':
    case 'forward': {
      const target =
        event.type === 'forward' ? unitIdIn(p.village) : (unitIdIn(p.leadUnit) ?? (event.type === 'rule_return' ? t.leadUnitId : null));
      if (!target) break;
      if (event.type !== 'forward') {
        t.leadUnitId = target;
        t.replyDueAt = null;
        t.dispatchedAt = event.at;
      }
      const signDue = dueAt ?? fallback('sign', event.at);
      t.signWait = signDue ? { unitId: target, day, dueAt: signDue } : null;
      add(target, { dispatched: 1 });
      break;
    }
    case 'sign': {
      const wait = t.signWait;
      if (wait && event.actorUnitId === wait.unitId && event.at <= wait.dueAt)
        add(wait.unitId, { signedInTime: 1 }, wait.day);
      t.signWait = null;
      t.replyDueAt = dueAt ?? t.replyDueAt ?? fallback('reply', event.at);
      break;
    }
    case 'take_back':
      t.signWait = null;
      t.replyDueAt = dueAt ?? t.replyDueAt;
      break;
    case 'return':
      t.signWait = null;
      if (event.actorUnitId) add(event.actorUnitId, { returned: 1 });
      if (event.toStatus === 'signed') t.replyDueAt = dueAt ?? t.replyDueAt;
      break;
    case 'request_extension':
      t.requestedDays = typeof p.workingDays === 'number' ? p.workingDays : 0;
      break;
    case 'rule_extension':
      if (p.decision === 'grant') t.replyDueAt = dueAt ?? t.replyDueAt;
      t.requestedDays = 0;
      break;
    case 'reply': {
      t.lastReplyUnitId = event.actorUnitId;
      t.signWait = null;
      if (!event.actorUnitId) break;
      const minutes = t.dispatchedAt ? Math.round((Date.parse(event.at) - Date.parse(t.dispatchedAt)) / 60_000) : 0;
      const onTime = t.replyDueAt !== null && event.at <= t.replyDueAt;
      add(event.actorUnitId, { replied: 1, repliedOnTime: onTime ? 1 : 0, replyMinutes: minutes });
      break;
    }
    case 'review':
      if (t.lastReplyUnitId) add(t.lastReplyUnitId, { reviewed: 1, sentBack: p.decision === 'send_back' ? 1 : 0 });
      if (p.decision === 'send_back') t.replyDueAt = dueAt ?? fallback('reply', event.at);
      break;
    case 'callback':
    case 'rate': {
      if (!t.lastReplyUnitId) break;
      const old = t.rating;
      if (old) add(old.unitId, { rated: -1, solved: old.solved ? -1 : 0, satisfied: old.satisfied ? -1 : 0 }, old.day);
      const rating = {
        day,
        unitId: t.lastReplyUnitId,
        solved: p.solved === true,
        satisfied: p.satisfaction === 'satisfied' || p.satisfaction === 'basically_satisfied',
      };
      t.rating = rating;
      add(rating.unitId, { rated: 1, solved: rating.solved ? 1 : 0, satisfied: rating.satisfied ? 1 : 0 });
      break;
    }
    case 'rule_reopen':
      if (p.decision === 'uphold') add(t.lastReplyUnitId ?? NO_UNIT, { reopened: 1 });
      break;
  }
  if (event.toStatus === 'closed' && event.fromStatus !== 'closed') add(t.lastReplyUnitId ?? NO_UNIT, { closed: 1 });
  return { tally: t, deltas };
}

/** A fallback built from the rules at hand, for events recorded before they carried deadlines. */
export function fallbackDeadlines(policy: TimeLimitPolicy, calendar: WorkCalendar, kind: CaseKind): FallbackDeadline {
  return (step, startedAt) => stepDeadline(policy, calendar, step, kind, startedAt).dueAt.toISOString();
}

/** Replays a whole case (events in order) into its deltas and final tally. */
export function tallyCase(
  events: readonly RollupEvent[],
  fallback: FallbackDeadline,
): { tally: CaseTally; deltas: RollupDelta[] } {
  let tally = emptyCaseTally();
  const deltas: RollupDelta[] = [];
  for (const event of events) {
    const step = tallyEvent(tally, event, fallback);
    tally = step.tally;
    deltas.push(...step.deltas);
  }
  return { tally, deltas };
}
