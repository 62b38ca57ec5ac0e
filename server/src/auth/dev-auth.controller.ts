// Demo-only sign-in as any role, so people and tests can try every part of the system.
// Registered only when HOTLINE_DEMO=1; otherwise the route does not exist (404).
import { Body, Controller, Post } from '@nestjs/common';
import { devLoginRequestSchema, tokenResponseSchema, type DevLoginRequest, type TokenResponse } from '@hotline/core';
import { Endpoint } from '../common/endpoint';
import { DevAuthService } from './dev-auth.service';

@Controller('auth')
export class DevAuthController {
  constructor(private readonly devAuth: DevAuthService) {}

  @Post('dev-login')
  @Endpoint({
    summary: '演示模式登录（仅演示环境）',
    tags: ['auth'],
    access: 'public',
    body: devLoginRequestSchema,
    response: tokenResponseSchema,
    errors: ['VALIDATION_FAILED', 'UNIT_NOT_FOUND', 'NOT_FOUND'],
  })
  login(@Body() body: DevLoginRequest): Promise<TokenResponse> {
    return this.devAuth.login(body);
  }
}
