// Rows into the resident's wire shapes, field by field, so a new column never leaks. What a
// resident sees of a case (filer or follower) is the core's rule (`caseViewFor`, `residentEventView`).
import {
  type CaseViewRules,
  type MediaResponse,
  type ResidentCaseDetail,
  type ResidentCaseSummary,
  filerContactIn,
  placeIn,
  residentEventView,
} from '@hotline/core';
import type { CaseEventRow, CaseRow } from '../cases/cases.repository';

/** Payload fields of a public event a resident may read beside its text. */
const PUBLIC_DETAIL_FIELDS = ['satisfaction', 'solved', 'decision'] as const;

export const caseSummary = (
  r: CaseRow & { relation: 'filer' | 'follower' },
  categoryName: string | null,
  currentUnitName: string | null,
): ResidentCaseSummary => ({
  id: r.id,
  trackingNumber: r.tracking_number,
  status: r.status,
  demandType: r.demand_type,
  categoryCode: r.category_code,
  categoryName,
  description: r.description,
  currentUnitName,
  deadline: r.due_at ? { dueAt: r.due_at, state: r.deadline_state } : null,
  relation: r.relation,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
});

export const slimMedia = (m: { id: string; url: string; thumbUrl: string; urlExpiresAt: string }) => ({
  id: m.id,
  url: m.url,
  thumbUrl: m.thumbUrl,
  urlExpiresAt: m.urlExpiresAt,
});

export const mediaIdsOf = (payload: Record<string, unknown>): string[] =>
  Array.isArray(payload.mediaIds) ? (payload.mediaIds as string[]) : [];

export interface ResidentDetailInput {
  row: CaseRow;
  summary: ResidentCaseSummary;
  rules: CaseViewRules;
  viewer: { userId: string; isFiler: boolean };
  /** The filer's number, decrypted only for the filer. */
  phone: string | null;
  /** The case's public events, oldest first. */
  events: readonly CaseEventRow[];
  unitNames: ReadonlyMap<string, string>;
  /** The photos filed with the case, signed when the rules show them. */
  caseMedia: readonly MediaResponse[];
  /** Every photo of the events, signed, by id; the rules pick which an event shows. */
  eventMedia: ReadonlyMap<string, MediaResponse>;
}

export function toResidentDetail(input: ResidentDetailInput): ResidentCaseDetail {
  const { row, rules, viewer } = input;
  const timeline = input.events.map((e) => {
    const payload = JSON.parse(e.payload_json) as Record<string, unknown>;
    const byResident = e.actor_kind === 'resident';
    const view = residentEventView(
      {
        type: e.type,
        actorKind: e.actor_kind,
        actorUserId: e.actor_user_id,
        actorUnitName: e.actor_unit_id ? (input.unitNames.get(e.actor_unit_id) ?? null) : null,
      },
      viewer,
    );
    const textOf = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : null);
    // Staff notes stay internal; what residents wrote is theirs to see.
    const text =
      textOf('text') ?? textOf('reason') ?? textOf('comment') ?? textOf('question') ?? (byResident ? textOf('note') : null);
    const media = view.showsMedia ? mediaIdsOf(payload).flatMap((id) => input.eventMedia.get(id) ?? []) : [];
    return {
      seq: e.seq,
      type: e.type,
      at: e.at,
      toStatus: e.to_status,
      actor: view.actor,
      text: view.showsText ? text : null,
      media: media.map(slimMedia),
      details: Object.fromEntries(PUBLIC_DETAIL_FIELDS.filter((k) => k in payload).map((k) => [k, payload[k]])),
    };
  });
  const contact = filerContactIn(rules, { name: row.contact_name, phone: input.phone, anonymous: row.anonymous === 1 });
  const state = JSON.parse(row.state_json) as { ratedAt?: string | null; satisfaction?: string | null };
  return {
    ...input.summary,
    area: { townshipCode: row.township_code, villageCode: row.village_code, located: row.township_code !== null },
    address: rules.exactPlace ? row.address : null,
    location: placeIn(rules, row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null),
    contactName: contact.name,
    contactPhone: contact.phone,
    anonymous: row.anonymous === 1,
    media: input.caseMedia.map(slimMedia),
    flags: { rated: Boolean(state.ratedAt), reopenPending: row.reopen_pending === 1 },
    publishConsent: viewer.isFiler && row.publish_consent === 1,
    satisfaction: state.satisfaction ?? null,
    timeline,
  };
}
