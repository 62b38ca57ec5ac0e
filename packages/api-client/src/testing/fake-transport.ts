// Test support for the api-client's specs (left out of the build): a transport that answers
// from a script of responses or errors, in order, and records every request it was given.
import type { Transport, TransportRequest, TransportResponse } from '../transport';

export type Step = TransportResponse<unknown> | Error;

export function fakeTransport(...steps: Step[]) {
  const calls: TransportRequest[] = [];
  const transport: Transport = {
    request<T>(config: TransportRequest) {
      calls.push(config);
      const step = steps.shift();
      if (!step) throw new Error('no more responses');
      if (step instanceof Error) return Promise.reject(step);
      return Promise.resolve(step as TransportResponse<T>);
    },
  };
  return { transport, calls };
}

export const ok = (data: unknown, status = 200): TransportResponse<unknown> => ({ status, data, headers: {} });
