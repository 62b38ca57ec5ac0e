// The unit measures of DOMAIN.md for a period, computed from the case events (the audit trail),
// with each step's deadline recomputed from the policy and calendar in force:
// - 响应率 responseRate = dispatches to the unit (dispatch, redispatch after a return, a township's
//   forward to a village) that the unit signed for within the sign limit / dispatches to it;
// - 解决率 resolutionRate = ratings (callback or the resident's own, the last one per case) that say
//   solved / ratings; 满意率 satisfactionRate = satisfied + basically satisfied / ratings; a rating
//   counts for the unit whose reply was rated;
// - 按时办结率 onTimeRate = replies made within the reply limit (moved by granted extensions) / replies;
// - 退单率 returnRate = returns by the unit / dispatches to it;
// - 发回重办率 sentBackRate = replies the centre sent back / replies reviewed.
// An event counts in the period it happened in (Shanghai days, both ends inclusive).
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  extendDeadline,
  fromShanghaiLocal,
  stepDeadline,
  type CaseKind,
  type MeasuresQuery,
  type MeasuresResponse,
  type TimeLimitPolicy,
  type UnitMeasures,
  type WorkCalendar,
} from '@hotline/core';
import type { Principal } from '../auth/tokens';
import { WorkRules } from '../cases/work-rules';
import { MeasuresRepository, type MeasureEventRow, type UnitRow } from './measures.repository';

export const MEASURES_ROLES = ['supervisor', 'analyst', 'admin', 'dispatcher'] as const;

type Counts = Omit<UnitMeasures, 'unitId' | 'code' | 'name' | 'kind' | `${string}Rate`> & { reviewed: number };

const emptyCounts = (): Counts => ({
  dispatched: 0,
  signedInTime: 0,
  rated: 0,
  solved: 0,
  satisfied: 0,
  replied: 0,
  repliedOnTime: 0,
  returned: 0,
  sentBack: 0,
  reviewed: 0,
});

const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function payloadOf(row: MeasureEventRow): Record<string, unknown> {
  try {
    return JSON.parse(row.payload_json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function unitIdIn(value: unknown): string | null {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
    ? (value as { id: string }).id
    : null;
}

@Injectable()
export class MeasuresService {
  constructor(
    private readonly repository: MeasuresRepository,
    private readonly rules: WorkRules,
  ) {}

  async measures(query: MeasuresQuery, principal: Principal): Promise<MeasuresResponse> {
    if (!(MEASURES_ROLES as readonly string[]).includes(principal.role)) throw new DomainError(ErrorCode.FORBIDDEN);
    return this.unitMeasures(query);
  }

  /** The figures themselves, for callers that checked access their own way (the public ranking publishes them). */
  async unitMeasures(query: MeasuresQuery): Promise<MeasuresResponse> {
    const from = fromShanghaiLocal(`${query.from}T00:00`).toISOString();
    const to = fromShanghaiLocal(`${nextDay(query.to)}T00:00`).toISOString();
    const [events, policy, calendar] = await Promise.all([
      this.repository.eventsOfCasesActiveBetween(from, to),
      this.rules.policy(),
      this.rules.calendar(),
    ]);

    const counts = new Map<string, Counts>();
    const of = (unitId: string): Counts => {
      let c = counts.get(unitId);
      if (!c) counts.set(unitId, (c = emptyCounts()));
      return c;
    };
    let start = 0;
    while (start < events.length) {
      let end = start;
      while (end < events.length && events[end]!.case_id === events[start]!.case_id) end++;
      walkCase(events.slice(start, end), { from, to, policy, calendar, of });
      start = end;
    }

    const units = await this.repository.units([...counts.keys()]);
    return { from: query.from, to: query.to, units: units.map((u) => toUnitMeasures(u, counts.get(u.id)!)) };
  }
}

interface WalkContext {
  from: string;
  to: string;
  policy: TimeLimitPolicy;
  calendar: WorkCalendar;
  of(unitId: string): Counts;
}

/** Replays one case's counted events in order, adding what falls inside the period. */
function walkCase(events: MeasureEventRow[], ctx: WalkContext): void {
  const first = events[0];
  if (!first) return;
  const kind = { demandType: first.demand_type, urgency: first.urgency } as CaseKind;
  const inPeriod = (row: MeasureEventRow) => row.at >= ctx.from && row.at < ctx.to;
  const due = (step: 'sign' | 'reply', startedAt: string) =>
    stepDeadline(ctx.policy, ctx.calendar, step, kind, startedAt).dueAt.toISOString();

  let signWait: { unitId: string; dueAt: string; counted: boolean } | null = null;
  let replyDueAt: string | null = null;
  let requestedDays = 0;
  let lastReplyUnit: string | null = null;
  let lastRating: { unitId: string; solved: boolean; satisfied: boolean } | null = null;

  for (const row of events) {
    const p = payloadOf(row);
    const counted = inPeriod(row);
    switch (row.type) {
      case 'dispatch':
      case 'rule_return':
      case 'forward': {
        const unitId = unitIdIn(row.type === 'forward' ? p.village : p.leadUnit);
        if (!unitId) break; // a ruling that upheld the return: the same unit signs again
        if (row.type !== 'forward') replyDueAt = null;
        signWait = { unitId, dueAt: due('sign', row.at), counted };
        if (counted) ctx.of(unitId).dispatched++;
        break;
      }
      case 'sign':
        if (signWait && row.actor_unit_id === signWait.unitId && signWait.counted && row.at <= signWait.dueAt)
          ctx.of(signWait.unitId).signedInTime++;
        signWait = null;
        replyDueAt ??= due('reply', row.at);
        break;
      case 'return':
        signWait = null;
        if (counted && row.actor_unit_id) ctx.of(row.actor_unit_id).returned++;
        break;
      case 'request_extension':
        requestedDays = typeof p.workingDays === 'number' ? p.workingDays : 0;
        break;
      case 'rule_extension':
        if (p.decision === 'grant' && replyDueAt && requestedDays > 0)
          replyDueAt = extendDeadline(ctx.calendar, replyDueAt, requestedDays).toISOString();
        requestedDays = 0;
        break;
      case 'reply':
        lastReplyUnit = row.actor_unit_id;
        if (counted && row.actor_unit_id) {
          const c = ctx.of(row.actor_unit_id);
          c.replied++;
          if (replyDueAt && row.at <= replyDueAt) c.repliedOnTime++;
        }
        break;
      case 'review':
        if (counted && lastReplyUnit) {
          const c = ctx.of(lastReplyUnit);
          c.reviewed++;
          if (p.decision === 'send_back') c.sentBack++;
        }
        if (p.decision === 'send_back') replyDueAt = due('reply', row.at);
        break;
      case 'callback':
      case 'rate':
        if (counted && lastReplyUnit) {
          lastRating = {
            unitId: lastReplyUnit,
            solved: p.solved === true,
            satisfied: p.satisfaction === 'satisfied' || p.satisfaction === 'basically_satisfied',
          };
        }
        break;
    }
  }
  if (lastRating) {
    const c = ctx.of(lastRating.unitId);
    c.rated++;
    if (lastRating.solved) c.solved++;
    if (lastRating.satisfied) c.satisfied++;
  }
}

function toUnitMeasures(unit: UnitRow, c: Counts): UnitMeasures {
  return {
    unitId: unit.id,
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    dispatched: c.dispatched,
    signedInTime: c.signedInTime,
    responseRate: ratio(c.signedInTime, c.dispatched),
    rated: c.rated,
    solved: c.solved,
    satisfied: c.satisfied,
    resolutionRate: ratio(c.solved, c.rated),
    satisfactionRate: ratio(c.satisfied, c.rated),
    replied: c.replied,
    repliedOnTime: c.repliedOnTime,
    onTimeRate: ratio(c.repliedOnTime, c.replied),
    returned: c.returned,
    returnRate: ratio(c.returned, c.dispatched),
    sentBack: c.sentBack,
    sentBackRate: ratio(c.sentBack, c.reviewed),
  };
}
