import { Injectable } from '@nestjs/common';
import { DomainError, type DevLoginRequest, type TokenResponse } from '@hotline/core';
import { DirectoryRepository } from '../directory/directory.repository';
import { TokenSigner } from './tokens';

@Injectable()
export class DevAuthService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly signer: TokenSigner,
  ) {}

  async login(request: DevLoginRequest): Promise<TokenResponse> {
    const unit = request.unitCode ? await this.directory.findUnitByCode(request.unitCode) : undefined;
    if (request.unitCode && !unit) throw new DomainError('UNIT_NOT_FOUND', `没有编码为 ${request.unitCode} 的单位`);
    const user = await this.directory.findUserByRole(request.role, unit?.id);
    if (!user) throw new DomainError('NOT_FOUND', '演示数据中没有符合条件的账号');
    const userUnit = user.unit_id ? await this.directory.findUnitById(user.unit_id) : undefined;
    return {
      accessToken: this.signer.sign({ userId: user.id, role: user.role, unitId: user.unit_id }),
      tokenType: 'Bearer',
      expiresIn: this.signer.ttlSeconds,
      user: {
        id: user.id,
        role: user.role as TokenResponse['user']['role'],
        name: user.name,
        unitId: user.unit_id,
        unitName: userUnit?.name ?? null,
      },
    };
  }
}
