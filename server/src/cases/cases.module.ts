// The case core every channel and every role goes through: persistence, the workflow door,
// the audit chain and the hooks other areas attach to transitions.
import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { CaseEventHooks } from './case-events.hooks';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesRepository } from './cases.repository';
import { TimeRulesModule } from '../admin/time-rules.module';
import { TimeRulesService } from '../admin/time-rules.service';
import { WorkRules } from './work-rules';
import { SECRETS, type Secrets } from '../config/secrets';
import { AuditChain } from './event-chain';
import { CaseChangeFeed } from './case-changes';

@Global()
@Module({
  imports: [TimeRulesModule],
  providers: [
    AuditService,
    { provide: AuditChain, useFactory: (secrets: Secrets) => new AuditChain(secrets.auditKey), inject: [SECRETS] },
    CaseChangeFeed,
    CasesRepository,
    CaseWorkflowService,
    CaseEventHooks,
    // Deadlines use the admin-edited policy and calendar.
    { provide: WorkRules, useExisting: TimeRulesService },
  ],
  exports: [AuditService, AuditChain, CaseChangeFeed, CasesRepository, CaseWorkflowService, CaseEventHooks, WorkRules],
})
export class CasesModule {}
