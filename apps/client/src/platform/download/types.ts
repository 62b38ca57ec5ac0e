/** 'opened' once the reader has the file; otherwise the HTTP status the API answered. */
export type DownloadResult = { ok: true } | { ok: false; status: number };
