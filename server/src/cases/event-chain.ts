// The audit trail nobody can rewrite from inside the database: each case has its own chain, every
// event storing an HMAC (keyed with HOTLINE_AUDIT_KEY, which the database never holds) over its
// content and the previous event's hash. Someone who can write the tables can still delete the
// newest events of a chain; the signed checkpoints (audit-checkpoint.ts) catch that.
import { type KeyObject, createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CaseEventsTable } from '../database/schema';

/** What an event's hash covers: every column but the id and the hashes themselves. */
export type ChainedEventContent = Omit<Selectable<CaseEventsTable>, 'id' | 'prev_hash' | 'hash'>;

export interface StoredEvent extends ChainedEventContent {
  id: number;
  prev_hash: string | null;
  hash: string;
}

export type AuditProblemKind =
  | 'content_changed'
  | 'case_link_broken'
  | 'sequence_gap'
  | 'chain_head_missing'
  | 'event_count_changed'
  | 'checkpoint_forged';

export interface ChainProblem {
  eventId: number | null;
  caseId: string | null;
  problem: AuditProblemKind;
}

/** The head of one case's chain: its last event's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** What an event's hash covers, in a fixed order: its content and the previous event's hash. */
const hashedFields = (content: ChainedEventContent, prevHash: string | null): string =>
  JSON.stringify([
    content.case_id,
    content.seq,
    content.type,
    content.from_status,
    content.to_status,
    content.actor_kind,
    content.actor_user_id,
    content.actor_role,
    content.actor_unit_id,
    content.at,
    content.payload_digest === null ? content.payload_json : ['digest', content.payload_digest],
    content.visibility,
    prevHash,
  ]);

/** The hash of the releases before migration 0011: the same fields, unkeyed. */
export const legacyEventHash = (content: ChainedEventContent, prevHash: string | null): string =>
  createHash('sha256').update(hashedFields(content, prevHash), 'utf8').digest('hex');

/** What an `anonymise` event records about each payload retention scrubbed: the new payload's digest. */
export interface RedactionRecord {
  eventId: number;
  digest: string;
}

export class AuditChain {
  // As KeyObjects: an HMAC keyed by one is made faster than one keyed by a Buffer (the key is not
  // prepared again each time), and every case event makes two.
  private readonly eventKey: KeyObject;
  private readonly checkpointKey: KeyObject;
  private readonly payloadKey: KeyObject;

  constructor(auditKey: string) {
    // Separate keys per purpose, so an event hash can never pass as a checkpoint signature.
    this.eventKey = createSecretKey(createHmac('sha256', auditKey).update('hotline audit: case events').digest());
    this.checkpointKey = createSecretKey(createHmac('sha256', auditKey).update('hotline audit: checkpoints').digest());
    this.payloadKey = createSecretKey(createHmac('sha256', auditKey).update('hotline audit: event payloads').digest());
  }

  /** The keyed digest of a payload; what the chain covers for events that have one. */
  payloadDigest(payloadJson: string): string {
    return createHmac('sha256', this.payloadKey).update(payloadJson, 'utf8').digest('hex');
  }

  eventHash(content: ChainedEventContent, prevHash: string | null): string {
    return createHmac('sha256', this.eventKey).update(hashedFields(content, prevHash), 'utf8').digest('hex');
  }

  sign(text: string): string {
    return createHmac('sha256', this.checkpointKey).update(text, 'utf8').digest('hex');
  }

  signatureMatches(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text), 'hex');
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * Checks events given in id order, case by case: links, sequence and hash (unkeyed up to
   * `legacyThroughId`, the boundary migration 0015 recorded, keyed after). Keeps the head of every
   * chain (and the head as of `throughId`, for the checkpoint) in `heads`.
   */
  verifier(throughId: number, legacyThroughId = 0) {
    const problems: ChainProblem[] = [];
    const heads = new Map<string, ChainHead>();
    const headsAtCheckpoint = new Map<string, ChainHead>();
    const scrubbed = new Map<number, { caseId: string; digest: string }>();
    let count = 0;
    let countAtCheckpoint = 0;
    return {
      /** Every problem, once all events were added (a scrubbed payload is settled by a later event). */
      get problems(): ChainProblem[] {
        const unsettled = [...scrubbed].map(([eventId, s]) => ({ eventId, caseId: s.caseId, problem: 'content_changed' as const }));
        return [...problems, ...unsettled];
      },
      headsAtCheckpoint,
      get eventsChecked() {
        return count;
      },
      get eventsAtCheckpoint() {
        return countAtCheckpoint;
      },
      add: (e: StoredEvent) => {
        count += 1;
        const prev = heads.get(e.case_id);
        if ((prev?.hash ?? null) !== e.prev_hash)
          problems.push({ eventId: e.id, caseId: e.case_id, problem: 'case_link_broken' });
        if ((prev?.seq ?? 0) + 1 !== e.seq) problems.push({ eventId: e.id, caseId: e.case_id, problem: 'sequence_gap' });
        const expected = e.id <= legacyThroughId ? legacyEventHash(e, e.prev_hash) : this.eventHash(e, e.prev_hash);
        if (expected !== e.hash)
          problems.push({ eventId: e.id, caseId: e.case_id, problem: 'content_changed' });
        // A payload that no longer matches its digest holds only if a later anonymise event of
        // the same case (itself chained) records the scrubbed payload's digest.
        if (e.payload_digest !== null && this.payloadDigest(e.payload_json) !== e.payload_digest)
          scrubbed.set(e.id, { caseId: e.case_id, digest: this.payloadDigest(e.payload_json) });
        if (e.type === 'anonymise') {
          for (const r of redactionsOf(e.payload_json)) {
            const pending = scrubbed.get(r.eventId);
            if (pending?.caseId === e.case_id && pending.digest === r.digest) scrubbed.delete(r.eventId);
          }
        }
        const head = { seq: e.seq, hash: e.hash };
        heads.set(e.case_id, head);
        if (e.id <= throughId) {
          headsAtCheckpoint.set(e.case_id, head);
          countAtCheckpoint += 1;
        }
      },
    };
  }
}

function redactionsOf(payloadJson: string): RedactionRecord[] {
  try {
    const redacted = (JSON.parse(payloadJson) as { redacted?: unknown }).redacted;
    return Array.isArray(redacted)
      ? redacted.filter((r): r is RedactionRecord => typeof r?.eventId === 'number' && typeof r?.digest === 'string')
      : [];
  } catch {
    return [];
  }
}
