// Providers every feature module uses: configuration, the secrets and keys derived from them, token
// signing, the phone vault, the directory of units and users, and the cached reference data. Global so feature modules need not re-import them.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppKeys } from './auth/app-keys';
import { TokenSigner } from './auth/tokens';
import { APP_CONFIG, type AppConfig } from './config/config';
import { SECRETS, type Secrets } from './config/secrets';
import { DirectoryRepository } from './directory/directory.repository';
import { ReferenceData } from './directory/reference-data';
import { PhoneVault } from './privacy/phone-vault';

@Global()
@Module({})
export class SharedModule {
  static create(config: AppConfig, secrets: Secrets): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: TokenSigner, useValue: new TokenSigner(secrets.tokenSecret, config.accessTokenTtlSeconds) },
      { provide: SECRETS, useValue: secrets },
      { provide: AppKeys, useValue: new AppKeys(secrets) },
      { provide: PhoneVault, useValue: new PhoneVault(secrets.dataKey) },
      DirectoryRepository,
      ReferenceData,
    ];
    return { module: SharedModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
