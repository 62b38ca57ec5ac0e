// SQL for the public map: the townships' outlines from the seed. Figures come from the roll-ups.
import { Injectable } from '@nestjs/common';
import { KyselyRepository } from '../database/repository';

@Injectable()
export class PublicStatisticsRepository extends KyselyRepository {
  townships() {
    return this.db.selectFrom('areas').select(['code', 'name', 'geometry']).where('kind', '=', 'township').orderBy('code').execute();
  }
}
