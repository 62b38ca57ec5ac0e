import { Module } from '@nestjs/common';
import { DisclosureController } from './disclosure.controller';
import { DisclosureRepository } from './disclosure.repository';
import { DisclosureService } from './disclosure.service';

/** Typical cases made public with the filer's consent after moderation, and their public reads. */
@Module({ controllers: [DisclosureController], providers: [DisclosureRepository, DisclosureService] })
export class DisclosureModule {}
