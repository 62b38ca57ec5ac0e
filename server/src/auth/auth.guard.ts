// Checks the bearer token and the permission a route's @Endpoint declares. A route without
// @Endpoint is refused (a forgotten decorator must not open a route to everyone). The principal
// is attached to the request for services to check objects.
import { type CanActivate, type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { rolesWith } from '@hotline/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { ENDPOINT_METADATA, type EndpointSpec } from '../common/endpoint';
import { SessionsService } from './sessions.service';
import { TokenSigner, type Principal } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly signer: TokenSigner,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const principal = this.signer.verify(header.slice(7).trim());
      // A token whose session ended (logout, refresh reuse, user disabled) counts as no token.
      if (principal?.sessionId && (await this.sessions.isLive(principal.sessionId))) req.principal = principal;
    }
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, context.getHandler());
    if (!spec) throw new AppError('FORBIDDEN', '当前账号没有此操作的权限');
    const access = spec.access;
    if (access === 'public') return true;
    if (!req.principal) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (access !== 'authenticated' && !rolesWith(access).includes(req.principal.role)) {
      throw new AppError('FORBIDDEN', '当前账号没有此操作的权限');
    }
    return true;
  }
}

/** The signed-in caller; routes that use it declare an access rule, so it is always present. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new AppError('UNAUTHENTICATED', '请先登录');
  return principal;
});
