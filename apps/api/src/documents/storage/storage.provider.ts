import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LocalStorage } from './local.storage';
import { S3Storage } from './s3.storage';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage';

/** DOCUMENT_STORAGE=local (default, under DOCUMENT_DIR) or s3 (S3_* settings). */
export function createStorage(c: AppConfig): DocumentStorage {
  if (c.DOCUMENT_STORAGE === 's3')
    return new S3Storage({
      bucket: c.S3_BUCKET!,
      region: c.S3_REGION,
      endpoint: c.S3_ENDPOINT,
      accessKeyId: c.S3_ACCESS_KEY_ID,
      secretAccessKey: c.S3_SECRET_ACCESS_KEY,
      forcePathStyle: c.S3_FORCE_PATH_STYLE,
      prefix: c.S3_PREFIX,
    });
  return new LocalStorage(c.DOCUMENT_DIR);
}

export const documentStorageProvider: Provider = { provide: DOCUMENT_STORAGE, inject: [APP_CONFIG], useFactory: createStorage };
