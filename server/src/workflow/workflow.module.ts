// The hotline centre's and the handling units' workflow over HTTP, built on the case core.
import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import {
  AuditVerifyController,
  CaseActionsController,
  PhoneIntakeController,
  StaffCasesController,
} from './workflow.controller';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [MediaModule],
  controllers: [PhoneIntakeController, StaffCasesController, CaseActionsController, AuditVerifyController],
  providers: [WorkflowService, WorkflowRepository],
})
export class WorkflowModule {}
