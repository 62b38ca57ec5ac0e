// Who sees what of a case (PIPL): whether a person may open it at all, which view they get, and
// how much of its filer, place, photos and timeline that view shows. The server's resident and
// staff case mappers read these rules; `masking.ts` beside it does the masking itself.
import { timelineActorsZhCN } from './locales/zh-CN';
import {
  filerContactFor,
  filerViewerOf,
  roundCoordinate,
  type FilerContact,
  type FilerViewer,
  type ShownFilerContact,
} from './masking';
import { can } from './permissions';
import { isUnitRole, type Role } from './vocabulary';

/**
 * How a person stands to one case: its filer, a resident following it, staff of a unit the case
 * is linked to (assignee, township, assisting) or of another unit, or nobody in particular.
 */
export type CaseViewerRelation = 'filer' | 'follower' | 'own_unit' | 'other_unit' | 'stranger';
export const caseViewerRelations: readonly CaseViewerRelation[] = ['filer', 'follower', 'own_unit', 'other_unit', 'stranger'];

export interface CaseViewRules {
  /** May open the case; otherwise it answers exactly as a missing one. */
  opens: boolean;
  /** The resident's view (my cases) or the staff desk's. */
  view: 'resident' | 'staff';
  /** How the filer's name and phone are shown (see `filerContactFor`). */
  filerViewer: FilerViewer;
  /** The exact address and point; otherwise no address and the point rounded to ~100 m. */
  exactPlace: boolean;
  /** The photos filed with the case. */
  casePhotos: boolean;
  /** Internal events (staff notes, returns, extension requests) on the timeline. */
  internalEvents: boolean;
}

export function caseViewFor(role: Role | 'system', relation: CaseViewerRelation): CaseViewRules {
  if (role === 'resident') {
    const own = relation === 'filer';
    return {
      opens: own || relation === 'follower',
      view: 'resident',
      filerViewer: own ? 'filer' : 'follower',
      exactPlace: own,
      casePhotos: own,
      internalEvents: false,
    };
  }
  const opens = role === 'system' || can(role, 'cases.seeAll') || (isUnitRole(role) && relation === 'own_unit');
  return {
    opens,
    view: 'staff',
    filerViewer: filerViewerOf(role),
    exactPlace: true,
    casePhotos: true,
    internalEvents: true,
  };
}

/** The filer's contact as this viewer of the case may see it (in a case page). */
export const filerContactIn = (rules: CaseViewRules, contact: FilerContact): ShownFilerContact =>
  filerContactFor(rules.filerViewer, contact);

/** A resident acting on the staff timeline is named as the filer would be: an anonymous filer stays unnamed. */
export const residentNameIn = (rules: CaseViewRules, name: string | null, isAnonymousFiler: boolean): string | null =>
  filerContactFor(rules.filerViewer, { name, phone: null, anonymous: isAnonymousFiler }).name;

/** A point as the view shows it. */
export function placeIn(rules: CaseViewRules, point: { lat: number; lng: number } | null): { lat: number; lng: number } | null {
  if (!point) return null;
  if (rules.exactPlace) return point;
  return { lat: roundCoordinate(point.lat), lng: roundCoordinate(point.lng) };
}

/** What a resident's timeline shows of one public event. */
export interface ResidentEventView {
  /** '您', '群众', '系统', or the acting unit's name (the hotline when unknown). */
  actor: string;
  /** Texts a resident wrote are shown to the filer and to their writer only; staff notes never. */
  showsText: boolean;
  /** Photos of the event: not the filing's (those are the case's), and other residents' only to the filer. */
  showsMedia: boolean;
}

export function residentEventView(
  event: { type: string; actorKind: string; actorUserId: string | null; actorUnitName: string | null },
  viewer: { userId: string; isFiler: boolean },
): ResidentEventView {
  const byResident = event.actorKind === 'resident';
  const mine = byResident && event.actorUserId === viewer.userId;
  return {
    actor: byResident
      ? mine
        ? timelineActorsZhCN.you
        : timelineActorsZhCN.resident
      : event.actorKind === 'system'
        ? timelineActorsZhCN.system
        : event.actorUnitName || timelineActorsZhCN.hotline,
    showsText: !byResident || viewer.isFiler || mine,
    showsMedia: event.type !== 'submit' && (!byResident || viewer.isFiler),
  };
}
