// Which cases (and the units holding them before and after) a committed transaction changed, for
// whoever must react once the change is visible to everyone: the live updates of every instance.
// Fed by CasesRepository after commit, never from inside the write transaction.
import { Injectable, Logger } from '@nestjs/common';

export interface CaseChanges {
  caseIds: string[];
  unitIds: string[];
}

@Injectable()
export class CaseChangeFeed {
  private readonly logger = new Logger('CaseChangeFeed');
  private readonly listeners = new Set<(changes: CaseChanges) => void | Promise<void>>();

  onCommitted(listener: (changes: CaseChanges) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  committed(changes: CaseChanges): void {
    for (const listener of this.listeners) {
      Promise.resolve()
        .then(() => listener(changes))
        .catch((error: unknown) => this.logger.warn(`case change listener failed: ${String(error)}`));
    }
  }
}
