import { Module } from '@nestjs/common';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeRepository } from './knowledge.repository';
import { KnowledgeService } from './knowledge.service';

/** The public knowledge-base search. */
@Module({ controllers: [KnowledgeController], providers: [KnowledgeRepository, KnowledgeService], exports: [KnowledgeService] })
export class KnowledgeModule {}
