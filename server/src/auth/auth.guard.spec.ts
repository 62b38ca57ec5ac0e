import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Endpoint } from '../common/endpoint';
import { AuthGuard } from './auth.guard';
import { TokenSigner } from './tokens';

class Routes {
  undecorated(): void {}
  @Endpoint({ summary: 'open', access: 'public' })
  open(): void {}
  @Endpoint({ summary: 'intake', access: 'cases.intake' })
  intake(): void {}
}

const signer = new TokenSigner('test-secret', 600);
const guard = new AuthGuard(new Reflector(), signer);

function call(handler: keyof Routes, token?: string): boolean {
  const req = { headers: token ? { authorization: `Bearer ${token}` } : {} };
  const context = {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => Routes.prototype[handler],
  } as unknown as ExecutionContext;
  return guard.canActivate(context);
}

const tokenOf = (role: string) =>
  signer.sign({ userId: 'u1', role: role as never, unitId: null });

describe('AuthGuard', () => {
  it('refuses a route that declares no @Endpoint, even to an admin', () => {
    expect(() => call('undecorated')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => call('undecorated', tokenOf('admin'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('lets anyone call a public route', () => {
    expect(call('open')).toBe(true);
  });

  it('asks the permission map: an operator may take a call in, a dispatcher may not, nobody signed out may', () => {
    expect(call('intake', tokenOf('operator'))).toBe(true);
    expect(() => call('intake', tokenOf('dispatcher'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => call('intake')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it('treats a token naming a role that does not exist as no token', () => {
    expect(() => call('intake', tokenOf('superuser'))).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });
});
