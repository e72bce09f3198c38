import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { assertSafeInput } from './hostile-input';

/**
 * The global pipe: hostile-input checks on every body, query and path parameter first
 * (multipart fields included: multer has filled the body by the time pipes run), then
 * class-validator with unknown properties refused. One pipe, so the order cannot drift.
 */
export class PlatformValidationPipe extends ValidationPipe {
  constructor() {
    super({ transform: true, whitelist: true, forbidNonWhitelisted: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') assertSafeInput(value, metadata.type === 'param' ? 'path' : metadata.type === 'query' ? 'query string' : 'request body');
    return super.transform(value, metadata);
  }
}
