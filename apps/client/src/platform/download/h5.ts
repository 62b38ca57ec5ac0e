// H5: a plain link cannot carry the Authorization header, so the file is fetched with it and
// saved from a blob through a temporary <a download>; the browser's own download then takes over.
import type { DownloadFailure, DownloadResult, FileDownloader } from './types';

/** The file name of an RFC 5987 `filename*` in Content-Disposition, if there is one. */
export function fileNameOf(disposition: string | null): string | null {
  const match = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

async function failureOf(res: Response): Promise<DownloadFailure> {
  try {
    const body = (await res.json()) as { code?: string; message?: string };
    return { status: res.status, code: body.code, message: body.message };
  } catch {
    return { status: res.status };
  }
}

export const downloader: FileDownloader = {
  formats: ['xlsx', 'csv'],
  async download({ url, token, fileName }) {
    let res: Response;
    try {
      res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch {
      return { ok: false, status: 0 };
    }
    if (!res.ok) return { ok: false, ...(await failureOf(res)) };
    const name = fileNameOf(res.headers?.get('content-disposition') ?? null) ?? fileName;
    const href = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = name;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The browser has taken the blob once the click returns; free it a little later.
    setTimeout(() => URL.revokeObjectURL(href), 30_000);
    return { ok: true, fileName: name };
  },
};

/** A bulletin's PDF, saved by the browser; answers the HTTP status when refused. */
export async function openDocument(url: string, filename: string, token: string): Promise<DownloadResult> {
  const result = await downloader.download({ url, token, fileName: filename, format: 'pdf' });
  return result.ok ? { ok: true } : { ok: false, status: result.status };
}
