// The deadline scheduler: flags open cases entering warning (80 % of a step's time used) and
// overdue (at the deadline: an automatic urge), supervises them at 2 working days overdue, and
// escalates problem cases. Each change is an event in the case's audit chain. Idempotent: a flag
// set once is never set again, and several API instances take turns through a lease.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  actionRoles,
  DomainError,
  ErrorCode,
  durationMinutes,
  PROBLEM_SEND_BACK_COUNT,
  refreshDeadlineState,
  superviseAt,
  type CaseState,
  type SchedulerRunDto,
  type SchedulerStatus,
  type TimeLimitPolicy,
  type WorkCalendar,
} from '@hotline/core';
import { CalendarService } from '../admin/calendar.service';
import { RepeatsService } from '../analytics/repeats.service';
import { SpikesService } from '../analytics/spikes.service';
import { BulletinsService } from '../measures/bulletins.service';
import { PolicyService } from '../admin/policy.service';
import { CaseWorkflowService, SYSTEM_ACTOR } from '../cases/case-workflow.service';
import { caseState, CasesRepository, type CaseRow } from '../cases/cases.repository';
import { requirePermission } from '../auth/permission';
import type { Principal } from '../auth/tokens';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MediaService } from '../media/media.service';
import { RetentionService } from '../privacy/retention.service';
import { SchedulerRepository, type CaseKey } from './scheduler.repository';

export const SCHEDULER_LEASE = 'deadline-scheduler';
const BATCH = 200;
/** A tick that takes longer than this hands the lease over rather than block other instances. */
const MAX_PER_PHASE = 5000;

export type SchedulerRun = SchedulerRunDto & { report: TickReport };

export type TickReport = {
  /** False when another instance holds the lease. */
  ran: boolean;
  warned: number;
  overdue: number;
  supervised: number;
  escalated: number;
  /** Expired idempotency keys, SMS codes, rate counters, refresh tokens and never-filed photos removed. */
  purged: number;
  /** Closed cases whose personal data the retention policy removed. */
  anonymised: number;
  /** Category × township spikes (EARS C2) announced. */
  spikes: number;
  /** Repeated demands (3+ same-category cases close together within 30 days) found. */
  repeats: number;
  /** Weekly bulletins issued (1 on the first tick from Monday on, once a week). */
  bulletins: number;
};

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickReport> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: SchedulerRepository,
    private readonly cases: CasesRepository,
    private readonly workflow: CaseWorkflowService,
    private readonly calendars: CalendarService,
    private readonly policies: PolicyService,
    private readonly media: MediaService,
    private readonly retention: RetentionService,
    private readonly spikes: SpikesService,
    private readonly repeats: RepeatsService,
    private readonly bulletins: BulletinsService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.schedulerIntervalMs;
    if (interval <= 0) return;
    // The first tick waits one interval, so a process that only starts and stops does no work.
    this.timer = setInterval(() => {
      if (this.running) return;
      this.tick().catch((err: unknown) => this.logger.error({ err }, 'scheduler tick failed'));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the deadlines as of `now`. Safe to call at any time, from any instance. */
  async tick(now: Date = new Date()): Promise<TickReport> {
    if (this.running) await this.running.catch(() => undefined);
    this.running = this.run(now);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async run(now: Date): Promise<TickReport> {
    const report: TickReport = {
      ran: false,
      warned: 0,
      overdue: 0,
      supervised: 0,
      escalated: 0,
      purged: 0,
      anonymised: 0,
      spikes: 0,
      repeats: 0,
      bulletins: 0,
    };
    const wall = Date.now();
    const leaseMs = Math.max(60_000, 2 * this.config.schedulerIntervalMs);
    const won = await this.repository.acquireLease(
      SCHEDULER_LEASE,
      this.holder,
      new Date(wall).toISOString(),
      new Date(wall + leaseMs).toISOString(),
    );
    if (!won) return report;
    report.ran = true;
    try {
      await this.work(now, report);
    } catch (err) {
      await this.recordRun(wall, report, err);
      throw err;
    }
    await this.recordRun(wall, report, null);
    return report;
  }

  /** What the admin's health page shows: when this job last ran, where, how long, and its counts. */
  private async recordRun(startedMs: number, report: TickReport, err: unknown): Promise<void> {
    const at = new Date().toISOString();
    const run: SchedulerRun = {
      job: SCHEDULER_LEASE,
      startedAt: new Date(startedMs).toISOString(),
      durationMs: Date.now() - startedMs,
      instance: this.holder,
      ok: err === null,
      error: err === null ? null : err instanceof Error ? err.message : String(err),
      report,
    };
    await this.repository
      .recordRun(SCHEDULER_LEASE, run, at)
      .catch((e: unknown) => this.logger.error({ err: e }, 'could not record the scheduler run'));
  }

  /** The last recorded run of each scheduled job. */
  async status(principal: Principal): Promise<SchedulerStatus> {
    requirePermission(principal, 'admin.manage');
    const runs = (await this.repository.lastRuns()).map((row) => JSON.parse(row.value) as SchedulerRun);
    return { intervalMs: this.config.schedulerIntervalMs, runs };
  }

  private async work(now: Date, report: TickReport): Promise<void> {
    const [policy, calendar] = await Promise.all([this.policies.policy(), this.calendars.calendar()]);
    // Overdue first: a case that slept through its warning point goes straight to overdue.
    report.overdue = await this.flagAll(now, 'overdue');
    report.warned = await this.flagAll(now, 'warning');
    report.supervised = await this.superviseOverdue(now, policy, calendar);
    report.escalated = await this.escalateProblems(now);
    // Personal data is kept no longer than needed: expired codes, keys and tokens go.
    report.purged = (await this.repository.purgeExpired(now.toISOString())) + (await this.media.purgeUnattached(now));
    report.anonymised = await this.retention.anonymiseDue(now);
    report.spikes = await this.spikes.detect(now);
    report.repeats = await this.repeats.detect(now);
    report.bulletins = await this.bulletins.buildDue(now);
    if (report.warned + report.overdue + report.supervised + report.escalated > 0) {
      this.logger.log(
        `deadlines: ${report.warned} warning, ${report.overdue} overdue, ${report.supervised} supervised, ${report.escalated} escalated`,
      );
    }
  }

  private async flagAll(now: Date, flag: 'warning' | 'overdue'): Promise<number> {
    const at = now.toISOString();
    let changed = 0;
    for (let seen = 0; seen < MAX_PER_PHASE;) {
      const rows =
        flag === 'overdue'
          ? await this.repository.overdueCandidates(at, BATCH)
          : await this.repository.warningCandidates(at, BATCH);
      let progress = 0;
      for (const row of rows) {
        if (await this.flag(row, now, flag)) progress += 1;
      }
      changed += progress;
      seen += rows.length;
      // No progress means the rest changed under us (conflicts) or cannot change: next tick.
      if (rows.length < BATCH || progress === 0) break;
    }
    return changed;
  }

  /** Writes the new deadline flag with its event; false if the case moved on meanwhile. */
  private async flag(row: CaseRow, now: Date, flag: 'warning' | 'overdue'): Promise<boolean> {
    const state = caseState(row);
    const next = refreshDeadlineState(state, now);
    if (next.flags.deadlineState !== flag) return false;
    try {
      await this.cases.transaction(async (trx) => {
        await this.workflow.record(trx, {
          row,
          principal: SYSTEM_ACTOR,
          event: this.workflow.sameStatusEvent(row, `deadline_${flag}`, now.toISOString(), this.clockPayload(next)),
          state: next,
          visibility: 'internal',
        });
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.CONFLICT) return false;
      throw err;
    }
    if (flag === 'overdue' && actionRoles('urge').includes('system')) {
      await this.actQuietly(row.id, { type: 'urge', note: '已超过办理时限，系统自动催办' }, now);
    }
    return true;
  }

  private async superviseOverdue(now: Date, policy: TimeLimitPolicy, calendar: WorkCalendar): Promise<number> {
    // Working time never runs faster than the clock, so cases due later than this cannot be due for supervision yet.
    const lowerBoundMs = durationMinutes(policy.superviseAfterOverdue, calendar) * 60_000;
    const dueBefore = new Date(now.getTime() - lowerBoundMs).toISOString();
    let supervised = 0;
    let after: CaseKey | null = null;
    for (let seen = 0; seen < MAX_PER_PHASE;) {
      const rows = await this.repository.superviseCandidates(dueBefore, after, BATCH);
      for (const row of rows) {
        if (row.due_at && now.getTime() >= superviseAt(policy, calendar, row.due_at).getTime()) {
          if (await this.actQuietly(row.id, { type: 'supervise', note: '超过办理时限2个工作日，系统自动督办' }, now))
            supervised += 1;
        }
      }
      seen += rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < BATCH || !last?.due_at) break;
      after = { dueAt: last.due_at, id: last.id };
    }
    return supervised;
  }

  private async escalateProblems(now: Date): Promise<number> {
    let escalated = 0;
    for (let seen = 0; seen < MAX_PER_PHASE;) {
      const rows = await this.repository.unescalatedProblemCases(BATCH);
      let progress = 0;
      for (const row of rows) {
        const state = caseState(row);
        try {
          await this.cases.transaction((trx) =>
            this.workflow.record(trx, {
              row,
              principal: SYSTEM_ACTOR,
              event: this.workflow.sameStatusEvent(row, 'escalated', now.toISOString(), { reason: problemReason(state) }),
              state,
              visibility: 'internal',
            }),
          );
        } catch (err) {
          if (err instanceof DomainError && err.code === ErrorCode.CONFLICT) continue;
          throw err;
        }
        progress += 1;
        if (!state.flags.supervised)
          await this.actQuietly(row.id, { type: 'supervise', note: '问题工单，提级督办' }, now);
      }
      escalated += progress;
      seen += rows.length;
      if (rows.length < BATCH || progress === 0) break;
    }
    return escalated;
  }

  /** Fires a system action; a case that moved on (closed, already supervised, changed) is skipped. */
  private async actQuietly(
    caseId: string,
    action: { type: 'urge' | 'supervise'; note: string },
    now: Date,
  ): Promise<boolean> {
    try {
      await this.workflow.act(caseId, action, SYSTEM_ACTOR, { now });
      return true;
    } catch (err) {
      if (err instanceof DomainError) {
        this.logger.debug(`scheduler skipped ${action.type} of ${caseId}: ${err.code}`);
        return false;
      }
      throw err;
    }
  }

  private clockPayload(state: CaseState): Record<string, unknown> {
    return { step: state.clock?.step ?? null, warnAt: state.clock?.warnAt ?? null, dueAt: state.clock?.dueAt ?? null };
  }

}

function problemReason(state: CaseState): string {
  return state.counters.sendBackCount >= PROBLEM_SEND_BACK_COUNT ? 'sent_back' : 'passed_between_units';
}
