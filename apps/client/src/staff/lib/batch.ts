// Batch work at the centre's desk: several cases accepted, or dispatched each to its catalogue
// suggestion, in one step. Each case is still its own action (its own event, its own version
// check), so one failure leaves the others done and is reported with its error code.
import { isApiError, type StaffApiClient } from '@hotline/api-client';
import { recommendedDispatch } from '@hotline/core';

export interface BatchResult {
  done: string[];
  failed: Array<{ id: string; code: string }>;
}

type Api = Pick<StaffApiClient, 'act' | 'dispatchSuggestions'>;

async function each(ids: readonly string[], step: (id: string) => Promise<void>): Promise<BatchResult> {
  const result: BatchResult = { done: [], failed: [] };
  // One after another: the server's per-case version check stays simple and the log stays ordered.
  for (const id of ids) {
    try {
      await step(id);
      result.done.push(id);
    } catch (e) {
      result.failed.push({ id, code: isApiError(e) ? e.code : e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

export function acceptAll(api: Api, ids: readonly string[]): Promise<BatchResult> {
  return each(ids, async (id) => {
    await api.act(id, 'accept', {});
  });
}

/** Each case goes where core's reading of the catalogue recommends, assisting units included. */
export function dispatchAllBySuggestion(api: Api, ids: readonly string[]): Promise<BatchResult> {
  return each(ids, async (id) => {
    const recommended = recommendedDispatch(await api.dispatchSuggestions(id));
    if (!recommended) throw new Error('NO_SUGGESTION');
    await api.act(id, 'dispatch', recommended);
  });
}
