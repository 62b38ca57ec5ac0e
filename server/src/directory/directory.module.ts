// The directory of units and categories for staff (the repository itself is shared globally).
import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';

@Module({ controllers: [DirectoryController], providers: [DirectoryService] })
export class DirectoryModule {}
