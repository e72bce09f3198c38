import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { UPLOAD_LIMIT_BYTES, UploadErrorsInterceptor } from './upload-errors.interceptor';

/**
 * Multipart upload of one document file, held in memory (the bytes are hashed, sniffed and
 * stored, or passed on to the vault, in one go), limited to `maxBytes`. Routes use
 * `@UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))`.
 */
@Module({})
export class DocumentUploadModule {
  static registerAsync<T>(options: { inject: InjectionToken[]; maxBytes: (settings: T) => number }): DynamicModule {
    return {
      module: DocumentUploadModule,
      imports: [
        MulterModule.registerAsync({
          inject: options.inject,
          useFactory: (settings: T) => ({ limits: { fileSize: options.maxBytes(settings), files: 1, fields: 10, parts: 12 } }),
        }),
      ],
      providers: [{ provide: UPLOAD_LIMIT_BYTES, inject: options.inject, useFactory: options.maxBytes }, UploadErrorsInterceptor],
      exports: [MulterModule, UploadErrorsInterceptor, UPLOAD_LIMIT_BYTES],
    };
  }
}
