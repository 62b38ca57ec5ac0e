// Uploads through Taro.uploadFile (multipart, field "file"), which reports progress on both
// platforms: photos (POST /api/media) and voice recordings (POST /api/voice/transcriptions). The
// answer is checked like any API answer.
import Taro from '@tarojs/taro';
import { mediaResponseSchema, transcriptionSchema, type MediaResponse, type Transcription, type VoiceFormat } from '@hotline/core';
import { ApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE } from '@hotline/api-client';
import { apiBaseUrl } from '@/platform';
import { useAuth } from '@/stores/auth';

function send(route: string, path: string, token: string | undefined, onProgress: (percent: number) => void) {
  return new Promise<{ statusCode: number; data: unknown }>((resolve, reject) => {
    const task = Taro.uploadFile({
      url: `${apiBaseUrl}${route}`,
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

async function upload<T>(
  route: string,
  path: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  onProgress: (percent: number) => void = () => {},
): Promise<T> {
  let res = await send(route, path, useAuth.getState().session?.accessToken, onProgress);
  if (res.statusCode === 401 && (await useAuth.getState().refresh())) {
    res = await send(route, path, useAuth.getState().session?.accessToken, onProgress);
  }
  const body = parse(res.data);
  if (res.statusCode >= 200 && res.statusCode < 300) {
    const parsed = schema.safeParse(body);
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

export const uploadPhoto = (path: string, onProgress?: (percent: number) => void): Promise<MediaResponse> =>
  upload('/media', path, mediaResponseSchema, onProgress);

/** One recording of the mini-program's recorder, turned into text by the server. */
export const uploadRecording = (path: string, format: VoiceFormat, durationMs: number): Promise<Transcription> =>
  upload(`/voice/transcriptions?format=${format}&durationMs=${Math.round(durationMs)}`, path, transcriptionSchema);
