// Photo upload: POST /api/media (multipart, field "file") through Taro.uploadFile, which
// reports progress on both platforms; the answer is checked like any API answer.
import Taro from '@tarojs/taro';
import { mediaResponseSchema, type MediaResponse } from '@hotline/core';
import { ApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE } from '@hotline/api-client';
import { apiBaseUrl } from '@/platform';
import { useAuth } from '@/stores/auth';

function send(path: string, token: string | undefined, onProgress: (percent: number) => void) {
  return new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
    const task = Taro.uploadFile({
      url: `${apiBaseUrl}/media`,
      filePath: path,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: 60_000,
      success: (res) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: (err: { errMsg?: string }) =>
        reject(new ApiError({ code: NETWORK_ERROR, status: 0, message: err?.errMsg ?? 'uploadFile:fail' })),
    } as Taro.uploadFile.Option);
    task?.onProgressUpdate?.((p: { progress: number }) => onProgress(p.progress));
  });
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

export async function uploadPhoto(path: string, onProgress: (percent: number) => void = () => {}): Promise<MediaResponse> {
  let res = await send(path, useAuth.getState().session?.accessToken, onProgress);
  if (res.statusCode === 401 && (await useAuth.getState().refresh())) {
    res = await send(path, useAuth.getState().session?.accessToken, onProgress);
  }
  const body = parse(res.data);
  if (res.statusCode >= 200 && res.statusCode < 300) {
    const parsed = mediaResponseSchema.safeParse(body);
    if (parsed.success) return parsed.data;
  }
  const error = body as { code?: string; message?: string; requestId?: string } | null;
  throw new ApiError({
    code: error?.code ?? UNEXPECTED_RESPONSE,
    status: res.statusCode,
    message: error?.message ?? `upload answered ${res.statusCode}`,
    requestId: error?.requestId,
  });
}
