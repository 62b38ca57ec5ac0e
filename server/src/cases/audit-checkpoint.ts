// Signed checkpoints of the audit trail, appended to a file outside the database: each line holds
// the event count through an event id and the heads of the chains that moved since the previous
// line, signed (keyed with the audit key) together with the previous line's signature. Deleting
// the newest event of a case, or restoring an older copy of the database, no longer matches.
import fs from 'node:fs';
import path from 'node:path';
import type { AuditChain, ChainHead } from './event-chain';

export interface Checkpoint {
  n: number;
  at: string;
  throughEventId: number;
  events: number;
  /** caseId → [seq, hash] for the chains that moved since the previous checkpoint. */
  heads: Record<string, [number, string]>;
  prev: string | null;
  sig: string;
}

export interface CheckpointHistory {
  last: Checkpoint | null;
  /** Every chain's head as of the last checkpoint (later lines override earlier ones). */
  heads: Map<string, ChainHead>;
  /** Line numbers (1-based) whose signature or link does not hold. */
  forgedLines: number[];
  count: number;
}

const signedText = (c: Omit<Checkpoint, 'sig'>) =>
  JSON.stringify([c.n, c.at, c.throughEventId, c.events, c.heads, c.prev]);

export class CheckpointFile {
  constructor(
    readonly file: string,
    private readonly chain: AuditChain,
  ) {}

  read(): CheckpointHistory {
    const history: CheckpointHistory = { last: null, heads: new Map(), forgedLines: [], count: 0 };
    if (!fs.existsSync(this.file)) return history;
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      let c: Checkpoint;
      try {
        c = JSON.parse(line) as Checkpoint;
      } catch {
        history.forgedLines.push(index + 1);
        return;
      }
      const linked = c.prev === (history.last?.sig ?? null) && c.n === (history.last?.n ?? 0) + 1;
      if (!linked || typeof c.sig !== 'string' || !this.chain.signatureMatches(signedText(c), c.sig)) {
        history.forgedLines.push(index + 1);
        return;
      }
      for (const [caseId, [seq, hash]] of Object.entries(c.heads)) history.heads.set(caseId, { seq, hash });
      history.last = c;
      history.count += 1;
    });
    return history;
  }

  /** The newest line, read from the end of the file (the file only grows). */
  last(): Checkpoint | null {
    if (!fs.existsSync(this.file)) return null;
    const fd = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      let tail = '';
      for (let end = size; end > 0; ) {
        const start = Math.max(0, end - 65_536);
        const chunk = Buffer.alloc(end - start);
        fs.readSync(fd, chunk, 0, chunk.length, start);
        tail = chunk.toString('utf8') + tail;
        const lines = tail.trimEnd().split('\n');
        if (lines.length > 1 || start === 0) return lines[lines.length - 1] ? (JSON.parse(lines[lines.length - 1]!) as Checkpoint) : null;
        end = start;
      }
      return null;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Appends the next signed line after `previous`; the file is opened in append mode only. */
  append(previous: Checkpoint | null, content: Pick<Checkpoint, 'at' | 'throughEventId' | 'events' | 'heads'>): Checkpoint {
    const unsigned = { n: (previous?.n ?? 0) + 1, ...content, prev: previous?.sig ?? null };
    const checkpoint: Checkpoint = { ...unsigned, sig: this.chain.sign(signedText(unsigned)) };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600, flag: 'a' });
    return checkpoint;
  }
}
