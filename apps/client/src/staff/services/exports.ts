// Downloads an export (a queue's cases, the measures table) with the signed-in session: the
// platform's downloader does the transfer; an expired access token is renewed once, as the API
// client does for JSON calls.
import type { ExportRequest } from '@hotline/api-client';
import { defaultErrorMessage } from '@hotline/core';
import { apiBaseUrl, downloader } from '@/platform';
import { staffText as t } from '@/locales/zh-CN.staff';
import { useAuth } from '@/stores/auth';

export const exportFormats = downloader.formats;

export type ExportOutcome = { ok: true; fileName: string } | { ok: false; message: string };

export async function downloadExport(request: ExportRequest): Promise<ExportOutcome> {
  const attempt = () =>
    downloader.download({
      url: `${apiBaseUrl}${request.path}`,
      token: useAuth.getState().session?.accessToken,
      fileName: request.fileName,
      format: request.format,
    });
  let result = await attempt();
  if (!result.ok && result.status === 401 && (await useAuth.getState().refresh())) result = await attempt();
  if (result.ok) return result;
  if (result.status === 0) return { ok: false, message: t.exports.network };
  return { ok: false, message: result.message || defaultErrorMessage(result.code ?? 'INTERNAL') };
}
