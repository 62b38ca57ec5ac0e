// The API's modules. Built per process from the validated configuration and the open database,
// so tests can start as many isolated servers as they need.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { DevAuthController } from './auth/dev-auth.controller';
import { DevAuthService } from './auth/dev-auth.service';
import { TokenSigner } from './auth/tokens';
import { ErrorFilter } from './common/error.filter';
import { ValidationInterceptor } from './common/validation.interceptor';
import { APP_CONFIG, type AppConfig } from './config/config';
import type { Secrets } from './config/secrets';
import { DatabaseModule } from './database/database.module';
import type { Database } from './database/database';
import { DirectoryRepository } from './directory/directory.repository';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { OpenApiBuilder } from './openapi/openapi.builder';
import { OpenApiController } from './openapi/openapi.controller';
import { PhoneVault } from './privacy/phone-vault';

@Module({})
export class AppModule {
  static create(config: AppConfig, database: Database, secrets: Secrets): DynamicModule {
    return {
      module: AppModule,
      imports: [DatabaseModule.forDatabase(database), DiscoveryModule],
      controllers: [HealthController, OpenApiController, ...(config.demo ? [DevAuthController] : [])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: TokenSigner, useValue: new TokenSigner(secrets.tokenSecret, config.accessTokenTtlSeconds) },
        { provide: PhoneVault, useValue: new PhoneVault(secrets.dataKey) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ValidationInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
        HealthService,
        OpenApiBuilder,
        DirectoryRepository,
        DevAuthService,
      ],
    };
  }
}
