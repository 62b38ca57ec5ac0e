// SQL for the public map: the townships' outlines from the seed. Figures come from the roll-ups.
import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/database';
import type { DB } from '../database/schema';

@Injectable()
export class PublicStatisticsRepository {
  private readonly db: Kysely<DB>;

  constructor(@Inject(DATABASE) database: Database) {
    this.db = database.db;
  }

  townships() {
    return this.db.selectFrom('areas').select(['code', 'name', 'geometry']).where('kind', '=', 'township').orderBy('code').execute();
  }
}
