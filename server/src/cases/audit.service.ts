// Verifies the case event log end to end (per-case links, keyed hashes, and the signed checkpoints
// outside the database) and writes those checkpoints periodically.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { type Checkpoint, CheckpointFile } from './audit-checkpoint';
import { CasesRepository } from './cases.repository';
import { AuditChain, type ChainProblem } from './event-chain';

export interface AuditReport {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  /** The newest checkpoint whose signature and link hold. */
  lastCheckpoint: Pick<Checkpoint, 'at' | 'throughEventId' | 'events'> | null;
  problems: ChainProblem[];
}

/** Verification over any source of events in id order; the CLI uses it without Nest. */
export async function verifyAuditTrail(
  chain: AuditChain,
  events: AsyncIterable<Parameters<ReturnType<AuditChain['verifier']>['add']>[0]>,
  checkpoints: CheckpointFile,
  legacyThroughId = 0,
): Promise<AuditReport> {
  const history = checkpoints.read();
  const problems: ChainProblem[] = history.forgedLines.map(() => ({
    eventId: null,
    caseId: null,
    problem: 'checkpoint_forged' as const,
  }));
  const through = history.last?.throughEventId ?? 0;
  const verifier = chain.verifier(through, legacyThroughId);
  for await (const e of events) verifier.add(e);
  problems.push(...verifier.problems);
  if (history.last) {
    if (verifier.eventsAtCheckpoint !== history.last.events)
      problems.push({ eventId: null, caseId: null, problem: 'event_count_changed' });
    for (const [caseId, head] of history.heads) {
      const now = verifier.headsAtCheckpoint.get(caseId);
      if (now?.seq !== head.seq || now.hash !== head.hash)
        problems.push({ eventId: null, caseId, problem: 'chain_head_missing' });
    }
  }
  return {
    ok: problems.length === 0,
    eventsChecked: verifier.eventsChecked,
    checkpointsChecked: history.count,
    lastCheckpoint: history.last
      ? { at: history.last.at, throughEventId: history.last.throughEventId, events: history.last.events }
      : null,
    problems,
  };
}

@Injectable()
export class AuditService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly file: CheckpointFile;
  private timer: NodeJS.Timeout | null = null;
  /** The newest event id seen at the previous run; the next checkpoint covers events up to it. */
  private settledMark: number | null = null;

  constructor(
    private readonly cases: CasesRepository,
    private readonly chain: AuditChain,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.file = new CheckpointFile(config.audit.checkpointPath, chain);
  }

  async verify(): Promise<AuditReport> {
    return verifyAuditTrail(this.chain, this.cases.allEvents(), this.file, await this.cases.legacyBoundary());
  }

  /**
   * Appends a checkpoint. `settled` (the periodic run) covers only events that existed one interval
   * ago, so a transaction still open with a lower id (PostgreSQL hands ids out before commit)
   * cannot land behind a checkpoint; `now` covers everything (tests, quiet systems).
   */
  async checkpoint(mode: 'settled' | 'now' = 'now'): Promise<Checkpoint | null> {
    const newest = await this.cases.lastEventId();
    const through = mode === 'now' ? newest : this.settledMark;
    this.settledMark = newest;
    if (through === null) return null;
    const previous = this.file.last();
    const after = previous?.throughEventId ?? 0;
    if (through <= after && previous) return null;
    const delta = await this.cases.chainHeadsBetween(after, through);
    return this.file.append(previous, {
      at: new Date().toISOString(),
      throughEventId: Math.max(through, after),
      events: (previous?.events ?? 0) + delta.count,
      heads: Object.fromEntries(delta.heads),
    });
  }

  onApplicationBootstrap(): void {
    const interval = this.config.audit.checkpointIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      this.checkpoint('settled').catch((error: unknown) =>
        this.logger.error(`audit checkpoint failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, interval);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
