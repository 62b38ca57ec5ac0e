// The public pages' API: the same HTTP stack as the rest of the app, never a token.
import { createPublicApiClient } from '@hotline/api-client';
import { http } from '@/services/http';

export const publicApi = createPublicApiClient(http);
