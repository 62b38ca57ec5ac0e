import { Module } from '@nestjs/common';
import { ResidentsModule } from '../residents/residents.module';
import { Open311KeysController } from './open311-keys.controller';
import { Open311KeysRepository } from './open311-keys.repository';
import { Open311KeysService } from './open311-keys.service';
import { Open311Controller } from './open311.controller';
import { Open311Repository } from './open311.repository';
import { Open311Api } from './open311.service';

/** Open311 GeoReport v2 for civic apps, and the admin API of the keys they file with. */
@Module({
  imports: [ResidentsModule],
  controllers: [Open311Controller, Open311KeysController],
  providers: [Open311Api, Open311Repository, Open311KeysRepository, Open311KeysService],
})
export class Open311Module {}
