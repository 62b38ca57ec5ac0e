// Writes a table (a header row, then rows arriving a page at a time) as a CSV or XLSX byte stream.
// Pages are pulled only as fast as the reader takes the bytes (backpressure), and the event loop
// gets a turn after each page, so a big export neither fills memory nor stalls other requests.
import { PassThrough, Readable, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { ExportFormat } from '@hotline/core';

const SLICE_ROWS = 200;

export type ExportCell = string | number | null;

export interface ExportTable {
  sheetName: string;
  header: readonly string[];
  /** Pages of rows, read lazily; each row has one cell per header column. */
  pages: AsyncIterable<ExportCell[][]>;
}

/**
 * A text cell that a spreadsheet would take for a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe, so that '=HYPERLINK(...)' typed by a resident stays text (OWASP
 * "CSV injection"). Numbers are written as numbers.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly ExportCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** UTF-8 with a byte-order mark: Excel (and WPS) on a Chinese Windows then reads it as UTF-8, not GBK. */
export function csvStream(table: ExportTable): Readable {
  async function* chunks() {
    yield `\uFEFF${csvLine(table.header)}`;
    for await (const page of table.pages) {
      // A few hundred rows at a time, with a turn of the event loop between: other requests wait
      // at most one slice.
      for (let i = 0; i < page.length; i += SLICE_ROWS) {
        yield page.slice(i, i + SLICE_ROWS).map(csvLine).join('');
        await nextTurn();
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
}

/** Resolves on the stream's 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drained(stream: Pick<Writable, 'once' | 'off'>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

interface StreamLike {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  once: Writable['once'];
  off: Writable['off'];
}

/**
 * exceljs hands a sheet's XML to the zip's entry stream without heeding its backpressure, so a
 * writer that outruns the compressor piles the whole sheet up in memory (~1 KB a row). Waits until
 * the entry stream (readable-stream, hence the private state) has taken what it was given.
 */
async function sheetTaken(sheet: ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: StreamLike[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    if (pipe.writableNeedDrain ?? pipe._writableState?.needDrain) {
      await drained(pipe);
    }
  }
}

/**
 * XLSX through exceljs's streaming writer: each row is committed (serialised and forgotten) as
 * it comes, without shared strings, so the workbook never sits in memory. Cells are typed text or
 * numbers, never formulas, so no formula neutralising is needed here.
 */
export function xlsxStream(table: ExportTable): Readable {
  const out = new PassThrough({ highWaterMark: 64 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.header]).commit();
  void (async () => {
    for await (const page of table.pages) {
      if (out.destroyed) return;
      for (let i = 0; i < page.length; i++) {
        sheet.addRow(page[i]!).commit();
        if ((i + 1) % SLICE_ROWS === 0) await nextTurn();
      }
      await sheetTaken(sheet);
      // The reader is slower than the database: wait until it has taken what is buffered.
      while (out.writableNeedDrain && !out.destroyed) await drained(out);
      await nextTurn();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

export function tableStream(format: ExportFormat, table: ExportTable): Readable {
  return format === 'xlsx' ? xlsxStream(table) : csvStream(table);
}

/**
 * Content-Disposition for a Chinese file name: an ASCII fallback for old clients and the UTF-8
 * name in RFC 5987 / RFC 6266 `filename*`, which browsers and WeChat prefer.
 */
export function contentDisposition(name: string, fallback: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
