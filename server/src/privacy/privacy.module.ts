// Retention of personal data: the policy (admin) and the anonymising job (scheduler).
import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({
  imports: [MediaModule],
  providers: [RetentionRepository, RetentionService],
  exports: [RetentionService],
})
export class PrivacyModule {}
