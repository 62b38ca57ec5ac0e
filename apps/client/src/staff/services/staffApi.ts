// The staff workspace's API: the same HTTP stack and session as the rest of the app.
// Photos go through the app's one uploader (services/upload.ts), compressed on the phone first.
import { createDisclosureApiClient, createStaffApiClient } from '@hotline/api-client';
import { http } from '@/services/http';
import { useAuth } from '@/stores/auth';

const session = {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
};
export const staffApi = createStaffApiClient(http, session);
export const disclosureApi = createDisclosureApiClient(http, session);
