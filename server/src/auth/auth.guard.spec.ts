import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Endpoint } from '../common/endpoint';
import { AuthGuard } from './auth.guard';
import type { SessionsService } from './sessions.service';
import { TokenSigner } from './tokens';

class Routes {
  undecorated(): void {}
  @Endpoint({ summary: 'open', access: 'public' })
  open(): void {}
  @Endpoint({ summary: 'intake', access: 'cases.intake' })
  intake(): void {}
}

const signer = new TokenSigner('test-secret', 600);
const liveSessions = { isLive: async () => true } as unknown as SessionsService;
const guard = new AuthGuard(new Reflector(), signer, liveSessions);

function call(handler: keyof Routes, token?: string): Promise<boolean> {
  const req = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const context = {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => Routes.prototype[handler],
  } as unknown as ExecutionContext;
  return guard.canActivate(context);
}

const tokenOf = (role: string) =>
  signer.sign({ userId: 'u1', role: role as never, unitId: null, sessionId: 's1' });

describe('AuthGuard', () => {
  it('refuses a route that declares no @Endpoint, even to an admin', async () => {
    await expect(call('undecorated')).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(call('undecorated', tokenOf('admin'))).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('lets anyone call a public route', async () => {
    await expect(call('open')).resolves.toBe(true);
  });

  it('asks the permission map: an operator may take a call in, a dispatcher may not, nobody signed out may', async () => {
    await expect(call('intake', tokenOf('operator'))).resolves.toBe(true);
    await expect(call('intake', tokenOf('dispatcher'))).rejects.toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    await expect(call('intake')).rejects.toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('treats a token naming a role that does not exist as no token', async () => {
    await expect(call('intake', tokenOf('superuser'))).rejects.toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
