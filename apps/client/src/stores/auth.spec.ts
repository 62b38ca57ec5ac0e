import Taro from '@tarojs/taro';
import type { SessionResponse } from '@hotline/core';
import { storage } from '@/platform';
import { AUTH_KEY, createAuthStore } from './auth';

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const session = (n: number): SessionResponse => ({
  accessToken: `access-${n}`,
  tokenType: 'Bearer',
  expiresIn: 900,
  user,
  refreshToken: `refresh-${n}-abcdef`,
  refreshExpiresIn: 2_592_000,
});

describe('the auth store', () => {
  it('should keep the session on the device and find it again after a restart', () => {
    const renew = jest.fn();
    createAuthStore(storage, renew).getState().signIn(session(1));
    expect(Taro.setStorageSync).toHaveBeenCalledWith(AUTH_KEY, expect.stringContaining('access-1'));

    const restarted = createAuthStore(storage, renew);
    expect(restarted.getState().session).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1-abcdef', user });
  });

  it('should hold a demo sign-in without a refresh token', () => {
    const store = createAuthStore(storage, jest.fn());
    store.getState().signIn({ accessToken: 'demo', tokenType: 'Bearer', expiresIn: 900, user });
    expect(store.getState().session).toEqual({ accessToken: 'demo', refreshToken: null, user });
  });

  it('should share one refresh between requests refused at the same time', async () => {
    const renew = jest.fn(async () => session(2));
    const store = createAuthStore(storage, renew);
    store.getState().signIn(session(1));
    await expect(Promise.all([store.getState().refresh(), store.getState().refresh()])).resolves.toEqual([true, true]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(renew).toHaveBeenCalledWith('refresh-1-abcdef');
    expect(store.getState().session?.accessToken).toBe('access-2');
  });

  it('should sign out when the refresh is refused, on the device too', async () => {
    const store = createAuthStore(storage, jest.fn().mockRejectedValue(new Error('REFRESH_TOKEN_REUSED')));
    store.getState().signIn(session(1));
    await expect(store.getState().refresh()).resolves.toBe(false);
    expect(store.getState().session).toBeNull();
    expect(createAuthStore(storage, jest.fn()).getState().session).toBeNull();
  });

  it('should not try to refresh a demo session', async () => {
    const renew = jest.fn();
    const store = createAuthStore(storage, renew);
    store.getState().signIn({ accessToken: 'demo', tokenType: 'Bearer', expiresIn: 900, user });
    await expect(store.getState().refresh()).resolves.toBe(false);
    expect(renew).not.toHaveBeenCalled();
  });
});
