// Provides the process's single Database (Kysely + dialect) to every repository.
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Database } from './database';

export const DATABASE = Symbol('DATABASE');

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  static forDatabase(database: Database) {
    return { module: DatabaseModule, providers: [{ provide: DATABASE, useValue: database }], exports: [DATABASE] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
