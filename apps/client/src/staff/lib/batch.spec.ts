import { ApiError } from '@hotline/api-client';
import { acceptAll, dispatchAllBySuggestion } from './batch';

const unit = (unitId: string) => ({ unitId, code: unitId, name: unitId, kind: 'township' as const });

describe('batch work at the desk', () => {
  it('should accept each case on its own and report the one that failed with its code', async () => {
    const calls: string[] = [];
    const api = {
      act: jest.fn(async (id: string, action: string) => {
        calls.push(`${action} ${id}`);
        if (id === 'c2') throw new ApiError({ code: 'CONFLICT', status: 409, message: '工单已被他人处理' });
        return {} as never;
      }),
      dispatchSuggestions: jest.fn(),
    };
    const result = await acceptAll(api, ['c1', 'c2', 'c3']);
    expect(calls).toEqual(['accept c1', 'accept c2', 'accept c3']);
    expect(result).toEqual({ done: ['c1', 'c3'], failed: [{ id: 'c2', code: 'CONFLICT' }] });
  });

  it('should dispatch each case to its most specific suggestion, assisting units included', async () => {
    const bodies: unknown[] = [];
    const api = {
      act: jest.fn(async (_id: string, _action: string, body: unknown) => {
        bodies.push(body);
        return {} as never;
      }),
      dispatchSuggestions: jest.fn(async (id: string) => ({
        categoryCode: '010101',
        duty: 'township' as const,
        pushDownForbidden: false,
        explanation: null,
        suggestions:
          id === 'none'
            ? []
            : [
                { scope: 'village' as const, areaCode: 'v', lead: [], assisting: [] },
                { scope: 'township' as const, areaCode: 't', lead: [unit('T01')], assisting: [unit('D-CGJ')] },
              ],
      })),
    };
    const result = await dispatchAllBySuggestion(api, ['c1', 'none']);
    expect(bodies).toEqual([{ leadUnitId: 'T01', assistingUnitIds: ['D-CGJ'] }]);
    expect(result.failed).toEqual([{ id: 'none', code: 'NO_SUGGESTION' }]);
  });
});
