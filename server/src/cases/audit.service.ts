// Verifies the case event log end to end: per-case links, content hashes and the running chain.
import { Injectable } from '@nestjs/common';
import { CasesRepository } from './cases.repository';
import { type ChainProblem, verifyChain } from './event-chain';

export interface AuditReport {
  ok: boolean;
  eventsChecked: number;
  problems: ChainProblem[];
}

@Injectable()
export class AuditService {
  constructor(private readonly cases: CasesRepository) {}

  async verify(): Promise<AuditReport> {
    const events = [];
    for await (const e of this.cases.allEvents()) events.push(e);
    const problems = verifyChain(events);
    return { ok: problems.length === 0, eventsChecked: events.length, problems };
  }
}
