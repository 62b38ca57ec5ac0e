// Photos: upload, storage (local disk under <dataDir>/media, or S3 when configured) and signed read-back. Global so
// case routes can check and sign the photos they carry.
import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { HeifDecoder } from './heif';
import { MediaController } from './media.controller';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';
import { LocalDiskMediaStorage, MEDIA_STORAGE } from './media.storage';
import { S3MediaStorage } from './s3.storage';

@Global()
@Module({
  controllers: [MediaController],
  providers: [
    MediaRepository,
    MediaService,
    HeifDecoder,
    {
      provide: MEDIA_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.s3 ? new S3MediaStorage(config.s3) : new LocalDiskMediaStorage(path.join(config.dataDir, 'media')),
    },
  ],
  exports: [MediaService, MEDIA_STORAGE],
})
export class MediaModule {}
