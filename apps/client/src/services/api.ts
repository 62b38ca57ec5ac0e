import { createApiClient } from '@hotline/api-client';
import { setSessionRenewer, useAuth } from '@/stores/auth';
import { http } from './http';

export const api = createApiClient(http, {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
});

setSessionRenewer((refreshToken) => api.refresh(refreshToken));
