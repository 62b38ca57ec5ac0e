import { Injectable } from '@nestjs/common';
import { DomainError, type DevLoginRequest, type TokenResponse } from '@hotline/core';
import { DirectoryRepository } from '../directory/directory.repository';
import { AccountsRepository } from './accounts.repository';
import { SessionsService } from './sessions.service';

@Injectable()
export class DevAuthService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsService,
  ) {}

  async login(request: DevLoginRequest): Promise<TokenResponse> {
    const unit = request.unitCode ? await this.directory.findUnitByCode(request.unitCode) : undefined;
    if (request.unitCode && !unit) throw new DomainError('UNIT_NOT_FOUND', `没有编码为 ${request.unitCode} 的单位`);
    const user = await this.directory.findUserByRole(request.role, unit?.id);
    if (!user) throw new DomainError('NOT_FOUND', '演示数据中没有符合条件的账号');
    // A real session, so that the demo's tokens end on logout like any other.
    const account = await this.accounts.findById(user.id);
    if (!account) throw new DomainError('NOT_FOUND', '演示数据中没有符合条件的账号');
    return this.sessions.start(account);
  }
}
