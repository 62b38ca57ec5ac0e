// Where a tap on a notification leads. The mini-program and the H5 app (browser router) share
// page paths, so one function serves a WeChat subscription message's `page`, a Web Push URL and
// an inbox deep link. Residents open their own case page, staff the workspace's case page.
export type LinkAudience = 'resident' | 'staff';

/** Page paths of the client, as declared in app.config.ts (main package and subpackages). */
export const casePages: Record<LinkAudience, string> = {
  resident: 'resident/case/index',
  staff: 'staff/pages/case/index',
};

/** An absolute in-app path with the case id: `/resident/case/index?id=…`. */
export function caseLinkFor(audience: LinkAudience, caseId: string): string {
  return `/${casePages[audience]}?id=${encodeURIComponent(caseId)}`;
}

/** The WeChat `page` field of a subscription message: the same path without the leading slash. */
export function wechatPageFor(audience: LinkAudience, caseId: string): string {
  return caseLinkFor(audience, caseId).slice(1);
}

/**
 * A matter raised for the centre as a whole rather than one case: a spike of one category in one
 * township, or a cluster of repeated demands. Both pages live in the analytics subpackage; without
 * an id they list every matter of their kind.
 */
export type MatterKind = 'spike' | 'repeat';

export const matterPages: Record<MatterKind, string> = {
  spike: 'analytics/pages/spike/index',
  repeat: 'analytics/pages/repeat/index',
};

/** An absolute in-app path to one record of a page (`…?id=7`) or, without an id, to its list. */
function pageLink(page: string, id?: number): string {
  return id === undefined ? `/${page}` : `/${page}?id=${id}`;
}

/** An absolute in-app path to one matter (`…?id=7`) or to the list of its kind. */
export function matterLinkFor(kind: MatterKind, id?: number): string {
  return pageLink(matterPages[kind], id);
}

/**
 * The centre's periodic reports, both in the analytics subpackage: the weekly bulletin (简报) and
 * 每月一题. Without an id each page lists every report of its kind.
 */
export type ReportKind = 'bulletin' | 'topic';

export const reportPages: Record<ReportKind, string> = {
  bulletin: 'analytics/pages/bulletin/index',
  topic: 'analytics/pages/topic/index',
};

/** An absolute in-app path to one report (`…?id=3`) or to the list of its kind. */
export function reportLinkFor(kind: ReportKind, id?: number): string {
  return pageLink(reportPages[kind], id);
}
