// Wire shapes of the exports: the staff queue's cases and the measures table as a CSV or XLSX
// file. Each takes the query of the page it exports, plus the file format.
import { z } from 'zod';
import { analyticsMeasuresFilterShape, checkAnalyticsPeriod } from './analytics';
import { queueFiltersSchema } from './queues';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

const format = z.enum(exportFormats).default('csv');

/** The cases of one queue tab with the queue's filters (the same scope as the list). */
export const caseExportQuerySchema = queueFiltersSchema.extend({ format });
export type CaseExportQuery = z.infer<typeof caseExportQuerySchema>;

/** The measures page's query (period, grouping, filters), plus the format. */
export const measuresExportQuerySchema = z
  .strictObject({ ...analyticsMeasuresFilterShape, format })
  .superRefine(checkAnalyticsPeriod);
export type MeasuresExportQuery = z.infer<typeof measuresExportQuerySchema>;

/** The MIME type each format is served with. */
export const exportContentTypes: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
