import { createApiClient } from '@hotline/api-client';
import { storage } from '@/platform';
import { axiosTransport, http } from './http';

export const TOKEN_KEY = 'hotline.token';

export const api = createApiClient(axiosTransport(http), {
  getToken: () => storage.get(TOKEN_KEY),
});
