// The staff workspace's API: the same HTTP stack and session as the rest of the app.
import Taro from '@tarojs/taro';
import { ApiError, createDisclosureApiClient, createStaffApiClient, NETWORK_ERROR } from '@hotline/api-client';
import { mediaResponseSchema, type MediaResponse } from '@hotline/core';
import { apiBaseUrl } from '@/platform';
import { http } from '@/services/http';
import { useAuth } from '@/stores/auth';

const session = {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
};
export const staffApi = createStaffApiClient(http, session);
export const disclosureApi = createDisclosureApiClient(http, session);

/** Uploads one picked photo (a temp file path or, on H5, a blob URL) and answers the stored media. */
export async function uploadPhoto(filePath: string): Promise<MediaResponse> {
  const token = useAuth.getState().session?.accessToken;
  let result: Taro.uploadFile.SuccessCallbackResult;
  try {
    result = await Taro.uploadFile({
      url: `${apiBaseUrl}/media`,
      filePath,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch (error) {
    throw new ApiError({ code: NETWORK_ERROR, status: 0, message: String((error as Error)?.message ?? error) });
  }
  const body: unknown = typeof result.data === 'string' ? JSON.parse(result.data) : result.data;
  if (result.statusCode !== 201) {
    const { code, message } = (body ?? {}) as { code?: string; message?: string };
    throw new ApiError({ code: code ?? 'UPLOAD_FAILED', status: result.statusCode, message: message ?? '' });
  }
  return mediaResponseSchema.parse(body);
}
