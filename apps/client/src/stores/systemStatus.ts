// What the status page shows: the API's health report, or why it could not be read.
import { create } from 'zustand';
import type { HealthResponse } from '@hotline/core';
import { isApiError, NETWORK_ERROR, type ApiClient } from '@hotline/api-client';
import { api } from '@/services/api';

export interface StatusFailure {
  code: string;
  status: number;
  requestId: string | undefined;
}

export type SystemStatusState =
  | { phase: 'idle' | 'loading'; health: HealthResponse | null; failure: null }
  | { phase: 'ready'; health: HealthResponse; failure: null }
  | { phase: 'failed'; health: null; failure: StatusFailure };

export type SystemStatusStore = SystemStatusState & { load(): Promise<void> };

function toFailure(error: unknown): StatusFailure {
  if (isApiError(error)) return { code: error.code, status: error.status, requestId: error.requestId };
  return { code: NETWORK_ERROR, status: 0, requestId: undefined };
}

export function createSystemStatusStore(client: Pick<ApiClient, 'health'>) {
  return create<SystemStatusStore>()((set, get) => ({
    phase: 'idle',
    health: null,
    failure: null,
    async load() {
      if (get().phase === 'loading') return;
      set({ phase: 'loading', health: get().health, failure: null });
      try {
        set({ phase: 'ready', health: await client.health(), failure: null });
      } catch (error) {
        set({ phase: 'failed', health: null, failure: toFailure(error) });
      }
    },
  }));
}

export const useSystemStatus = createSystemStatusStore(api);
