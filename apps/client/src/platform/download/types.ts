import type { ExportFormat } from '@hotline/core';

/** What a downloaded file is: an export, or a document such as a bulletin's PDF. */
export type DocumentFormat = ExportFormat | 'pdf';

export interface FileDownload {
  /** Absolute or same-origin URL of the file. */
  url: string;
  token?: string;
  fileName: string;
  format: DocumentFormat;
}

/** What came back when the server did not send the file (its error shape), or the network failed (status 0). */
export interface DownloadFailure {
  status: number;
  code?: string;
  message?: string;
}

export interface FileDownloader {
  /** The export formats this platform can open after the download. */
  formats: readonly ExportFormat[];
  /** Fetches the file and hands it to the user (saved by the browser; opened by WeChat). */
  download(request: FileDownload): Promise<{ ok: true; fileName: string } | ({ ok: false } & DownloadFailure)>;
}

/** 'opened' once the reader has the file; otherwise the HTTP status the API answered. */
export type DownloadResult = { ok: true } | { ok: false; status: number };
