// The API's modules. Built per process from the validated configuration and the open database,
// so tests can start as many isolated servers as they need. Feature modules are listed in
// featureModules(); each owns its controllers, services and repositories.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { MediaModule } from './media/media.module';
import { MeasuresModule } from './measures/measures.module';
import { ResidentsModule } from './residents/residents.module';
import { CasesModule } from './cases/cases.module';
import { DevAuthController } from './auth/dev-auth.controller';
import { DevAuthService } from './auth/dev-auth.service';
import { ErrorFilter } from './common/error.filter';
import { ValidationGuard } from './common/validation.guard';
import type { AppConfig } from './config/config';
import type { Secrets } from './config/secrets';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import type { Database } from './database/database';
import { HealthController } from './health/health.controller';
import { HealthRepository } from './health/health.repository';
import { HealthService } from './health/health.service';
import { NotificationsModule } from './notifications/notifications.module';
import { Open311Module } from './open311/open311.module';
import { ExportsModule } from './exports/exports.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { PublicStatisticsModule } from './public-statistics/public-statistics.module';
import { OpenApiBuilder } from './openapi/openapi.builder';
import { OpenApiController } from './openapi/openapi.controller';
import { QueuesModule } from './queues/queues.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { SharedModule } from './shared.module';
import { VoiceModule } from './voice/voice.module';
import { WorkflowModule } from './workflow/workflow.module';

/** Feature modules of the API, in no particular order. */
function featureModules(): DynamicModule['imports'] {
  return [
    DirectoryModule,
    AdminModule,
    QueuesModule,
    SchedulerModule,
    CasesModule,
    AuthModule,
    MediaModule,
    KnowledgeModule,
    CatalogueModule,
    ResidentsModule,
    WorkflowModule,
    NotificationsModule,
    MeasuresModule,
    AnalyticsModule,
    Open311Module,
    DisclosureModule,
    PublicStatisticsModule,
    VoiceModule,
    ExportsModule,
  ];
}

@Module({})
export class AppModule {
  static create(config: AppConfig, database: Database, secrets: Secrets): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forDatabase(database),
        SharedModule.create(config, secrets),
        DiscoveryModule,
        ...(featureModules() ?? []),
      ],
      controllers: [HealthController, OpenApiController, ...(config.demo ? [DevAuthController] : [])],
      providers: [
        // In this order: authentication, then the request's shape.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ValidationGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        HealthRepository,
        HealthService,
        OpenApiBuilder,
        DevAuthService,
      ],
    };
  }
}
