import { Module } from '@nestjs/common';
import { ResidentsController } from './residents.controller';
import { ResidentsRepository } from './residents.repository';
import { ResidentsService } from './residents.service';

/** The resident's side of cases: filing, following and acting on their own demands. */
@Module({ controllers: [ResidentsController], providers: [ResidentsRepository, ResidentsService], exports: [ResidentsService] })
export class ResidentsModule {}
