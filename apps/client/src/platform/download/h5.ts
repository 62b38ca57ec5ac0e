// H5: fetch with the access token (never in the URL), then save the blob under its file name.
import type { DownloadResult } from './types';

export async function openDocument(url: string, filename: string, token: string): Promise<DownloadResult> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return { ok: false, status: res.status };
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { ok: true };
}
