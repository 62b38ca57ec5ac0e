// The admin console's API: the same HTTP stack and session as the rest of the app.
import { createAdminApiClient } from '@hotline/api-client';
import { axiosTransport, http } from '@/services/http';
import { useAuth } from '@/stores/auth';

export const adminApi = createAdminApiClient(axiosTransport(http), {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
});
