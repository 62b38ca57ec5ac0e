// The base of a repository that needs nothing but the database: the one place that takes the
// process's Database from the container and keeps its Kysely handle (and which engine it is, for
// the few queries that differ) for the subclass's queries.
import { Inject } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { DATABASE } from './database.module';
import type { Database } from './database';
import type { DB } from './schema';

export abstract class KyselyRepository {
  protected readonly db: Kysely<DB>;
  protected readonly kind: Database['kind'];

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
    this.kind = database.kind;
  }
}
