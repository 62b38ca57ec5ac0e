import { Module } from '@nestjs/common';
import { AsrModule } from '../integrations/asr/asr.module';
import { VoiceController } from './voice.controller';
import { VoiceService } from './voice.service';

/** Voice input of a description: the recording in, its text out, through the speech-to-text port. */
@Module({ imports: [AsrModule], controllers: [VoiceController], providers: [VoiceService] })
export class VoiceModule {}
