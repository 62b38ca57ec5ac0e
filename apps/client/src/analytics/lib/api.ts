// The analytics pages' API and directory: the app's HTTP stack and session.
import { createAnalyticsApiClient, createStaffApiClient } from '@hotline/api-client';
import { http } from '@/services/http';
import { useAuth } from '@/stores/auth';

const session = {
  getToken: () => useAuth.getState().session?.accessToken,
  onUnauthorized: () => useAuth.getState().refresh(),
};
export const analyticsApi = createAnalyticsApiClient(http, session);
/** The units and categories the filters offer. */
export const directoryApi = createStaffApiClient(http, session);

const DAY_MS = 86_400_000;
/** The day `days` before an ISO date. */
export const daysBefore = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
