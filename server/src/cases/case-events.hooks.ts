// Other areas react to case transitions inside the same transaction (e.g. notifications write
// their outbox rows here, so a rolled-back action notifies nobody). Sinks register at start-up.
import { Injectable } from '@nestjs/common';
import type { CaseEffect, CaseEvent, CaseEventType } from '@hotline/core';
import type { CaseRow, Tx } from './cases.repository';

export interface CaseTransitionRecord {
  /** The case row as it is after the transition. */
  caseRow: CaseRow;
  /** The machine's event, or one the case core records beside it (e.g. a repeated demand). */
  event: Omit<CaseEvent, 'type'> & { type: CaseEventType };
  eventId: number;
  effects: CaseEffect[];
  actor: { kind: string; role: string; userId: string | null; unitId: string | null };
}

export type CaseEventSink = (trx: Tx, record: CaseTransitionRecord) => Promise<void>;

@Injectable()
export class CaseEventHooks {
  private readonly sinks: CaseEventSink[] = [];

  register(sink: CaseEventSink): void {
    this.sinks.push(sink);
  }

  async run(trx: Tx, record: CaseTransitionRecord): Promise<void> {
    for (const sink of this.sinks) await sink(trx, record);
  }
}
