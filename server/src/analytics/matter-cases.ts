// The cases behind a matter (a spike, a repeated demand, a hotspot cell) as the API lists them:
// the first 60 characters of the description stand for the case; contact data never appears.
import type { HotspotCasesResponse } from '@hotline/core';

interface CaseSummaryRow {
  id: string;
  tracking_number: string;
  status: string;
  category_code: string | null;
  created_at: string;
  description: string;
}

export function matterCasesOf(rows: CaseSummaryRow[]): HotspotCasesResponse['items'] {
  return rows.map((r) => ({
    id: r.id,
    trackingNumber: r.tracking_number,
    status: r.status,
    categoryCode: r.category_code,
    createdAt: r.created_at,
    summary: r.description.slice(0, 60),
  }));
}
