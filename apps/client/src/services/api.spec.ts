import { scriptTaroRequest } from '../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { api } from './api';

const user = { id: 'u1', role: 'resident' as const, name: '群众', unitId: null, unitName: null };
const unauthorized = { statusCode: 401, data: { code: 'UNAUTHENTICATED', message: '请先登录', requestId: 'r1' } };

beforeEach(() => useAuth.setState({ session: null }));

const signInWithOldToken = () =>
  useAuth.getState().signIn({
    accessToken: 'old',
    tokenType: 'Bearer',
    expiresIn: 900,
    user,
    refreshToken: 'refresh-1-abcdef',
    refreshExpiresIn: 100,
  });

describe('the app API client with the auth store', () => {
  it('should renew an expired access token once and resend the request with the new one', async () => {
    signInWithOldToken();
    const renewed = { accessToken: 'new', tokenType: 'Bearer', expiresIn: 900, user, refreshToken: 'refresh-2-abcdef', refreshExpiresIn: 100 };
    const sent = scriptTaroRequest(
      unauthorized,
      { statusCode: 200, data: renewed },
      { statusCode: 200, data: { items: [], nextCursor: null } },
    );
    await expect(api.myCases()).resolves.toEqual({ items: [], nextCursor: null });
    expect(sent.map((r) => [r.url, r.header.Authorization])).toEqual([
      ['http://localhost:3000/api/me/cases', 'Bearer old'],
      ['http://localhost:3000/api/auth/refresh', undefined],
      ['http://localhost:3000/api/me/cases', 'Bearer new'],
    ]);
    expect(useAuth.getState().session?.refreshToken).toBe('refresh-2-abcdef');
  });

  it('should sign the resident out when the refresh token is refused', async () => {
    signInWithOldToken();
    scriptTaroRequest(unauthorized, {
      statusCode: 401,
      data: { code: 'REFRESH_TOKEN_REUSED', message: 'x', requestId: 'r2' },
    });
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(useAuth.getState().session).toBeNull();
  });
});
