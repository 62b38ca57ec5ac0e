// The audit trail nobody can rewrite: each event stores the hash of its content and of the
// previous event of the same case, plus a running hash over all events in insertion order.
// Editing or deleting any row breaks a hash that verifyChain() recomputes.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CaseEventsTable } from '../database/schema';

/** What an event's hash covers: every column but the ids and hashes themselves. */
export type ChainedEventContent = Omit<Selectable<CaseEventsTable>, 'id' | 'prev_hash' | 'hash' | 'chain_hash'>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function eventHash(content: ChainedEventContent, prevHash: string | null): string {
  const fields = [
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
    content.payload_json,
    content.visibility,
    prevHash,
  ];
  return sha256(JSON.stringify(fields));
}

export function chainHash(previousChain: string | null, hash: string): string {
  return sha256(`${previousChain ?? 'genesis'}:${hash}`);
}

export interface StoredEvent extends ChainedEventContent {
  id: number;
  prev_hash: string | null;
  hash: string;
  chain_hash: string;
}

export interface ChainProblem {
  eventId: number;
  caseId: string;
  problem: 'content_changed' | 'case_link_broken' | 'chain_broken' | 'sequence_gap';
}

/** Recomputes every hash over events given in id order; returns what does not match. */
export function verifyChain(events: Iterable<StoredEvent>): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const lastByCase = new Map<string, { hash: string; seq: number }>();
  let chain: string | null = null;
  for (const e of events) {
    const prev = lastByCase.get(e.case_id) ?? null;
    if ((prev?.hash ?? null) !== e.prev_hash)
      problems.push({ eventId: e.id, caseId: e.case_id, problem: 'case_link_broken' });
    if ((prev?.seq ?? 0) + 1 !== e.seq) problems.push({ eventId: e.id, caseId: e.case_id, problem: 'sequence_gap' });
    if (eventHash(e, e.prev_hash) !== e.hash)
      problems.push({ eventId: e.id, caseId: e.case_id, problem: 'content_changed' });
    const expectedChain = chainHash(chain, e.hash);
    if (expectedChain !== e.chain_hash) problems.push({ eventId: e.id, caseId: e.case_id, problem: 'chain_broken' });
    chain = e.chain_hash;
    lastByCase.set(e.case_id, { hash: e.hash, seq: e.seq });
  }
  return problems;
}
