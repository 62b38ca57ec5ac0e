import { ApiError } from '@hotline/api-client';
import { healthy } from '../../test/fakeTaroRequest';
import { createSystemStatusStore } from './systemStatus';

describe('the system status store', () => {
  it('should hold the health report once loaded', async () => {
    const store = createSystemStatusStore({ health: jest.fn().mockResolvedValue(healthy) });
    expect(store.getState().phase).toBe('idle');
    const loading = store.getState().load();
    expect(store.getState().phase).toBe('loading');
    await loading;
    expect(store.getState()).toMatchObject({ phase: 'ready', health: healthy, failure: null });
  });

  it('should keep the code, status and request id of a failure', async () => {
    const error = new ApiError({ code: 'SYSTEM.DB_DOWN', status: 503, message: 'down', requestId: 'req-1' });
    const store = createSystemStatusStore({ health: jest.fn().mockRejectedValue(error) });
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      health: null,
      failure: { code: 'SYSTEM.DB_DOWN', status: 503, requestId: 'req-1' },
    });
  });

  it('should treat an unknown failure as a network error', async () => {
    const store = createSystemStatusStore({ health: jest.fn().mockRejectedValue(new TypeError('boom')) });
    await store.getState().load();
    expect(store.getState().failure).toEqual({ code: 'NETWORK_ERROR', status: 0, requestId: undefined });
  });

  it('should recover on a retry after a failure', async () => {
    const health = jest.fn().mockRejectedValueOnce(new TypeError('offline')).mockResolvedValueOnce(healthy);
    const store = createSystemStatusStore({ health });
    await store.getState().load();
    expect(store.getState().phase).toBe('failed');
    await store.getState().load();
    expect(store.getState()).toMatchObject({ phase: 'ready', health: healthy, failure: null });
  });

  it('should not ask twice while a check is running', async () => {
    const health = jest.fn().mockResolvedValue(healthy);
    const store = createSystemStatusStore({ health });
    await Promise.all([store.getState().load(), store.getState().load()]);
    expect(health).toHaveBeenCalledTimes(1);
  });
});
