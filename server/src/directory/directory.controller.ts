import { Controller, Get } from '@nestjs/common';
import { staffDirectorySchema } from '@hotline/core';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { Endpoint } from '../common/endpoint';
import { DirectoryService } from './directory.service';

@Controller('staff')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('directory')
  @Endpoint({
    summary: '工作人员用的单位和诉求分类目录（派单、转派、录入时选择）',
    tags: ['directory'],
    access: 'directory.read',
    response: staffDirectorySchema,
    errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
  })
  staffDirectory(@CurrentPrincipal() principal: Principal) {
    return this.directory.staffDirectory(principal);
  }
}
