// Where the export files are: the server path and query of a download (a file, not JSON, so it
// does not go through the JSON caller), and the name the file is saved under.
import { exportFileNamesZhCN, shanghaiDate, type ExportFormat, type QueueFilters, type QueueTab } from '@hotline/core';
import type { AnalyticsFilters } from './analytics';

export interface ExportRequest {
  /** Below the API base, with its query string: '/queues/to_sign/export?format=csv'. */
  path: string;
  format: ExportFormat;
  /** What the saved file is called (the server names it the same way in Content-Disposition). */
  fileName: string;
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

/** A queue tab's cases with the queue's filters (the file holds what the list shows, all pages). */
export function caseExport(
  tab: QueueTab,
  filters: QueueFilters,
  format: ExportFormat,
  now = new Date(),
): ExportRequest {
  return {
    path: `/queues/${tab}/export?${queryString({ ...filters, format })}`,
    format,
    fileName: `${exportFileNamesZhCN.cases(tab, shanghaiDate(now))}.${format}`,
  };
}

/** The measures table for the page's period, grouping and filters. */
export function measuresExport(
  query: AnalyticsFilters & { by: 'unit' | 'category' | 'township' },
  format: ExportFormat,
): ExportRequest {
  return {
    path: `/analytics/measures/export?${queryString({ ...query, format })}`,
    format,
    fileName: `${exportFileNamesZhCN.measures(query.from, query.to)}.${format}`,
  };
}
