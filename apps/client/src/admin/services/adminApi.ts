// The admin console's API: the same HTTP stack and session as the rest of the app.
import { createAdminApiClient } from '@hotline/api-client';
import { http } from '@/services/http';
import { useAuth } from '@/stores/auth';

export const adminApi = createAdminApiClient(http, {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
});
