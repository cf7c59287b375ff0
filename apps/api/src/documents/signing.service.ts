import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Where the public key is published; the manifest names it too. */
export const PUBLIC_KEY_PATH = '/.well-known/cop-documents-key.pem';

/**
 * The two keys of document distribution:
 * - the secretariat's Ed25519 key that signs manifests (DOCUMENT_SIGNING_KEY as PEM, or a PEM
 *   file at DOCUMENT_SIGNING_KEY_FILE, generated on first use in development; every api
 *   process of a deployment must share it, so production sets DOCUMENT_SIGNING_KEY);
 * - the HMAC secret of short-lived download links (DOCUMENT_LINK_SECRET, else derived from
 *   JWT_SECRET so every process agrees without more configuration).
 */
@Injectable()
export class SigningService {
  private readonly logger = new Logger(SigningService.name);
  private readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  private readonly linkSecret: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.privateKey = this.loadKey(config);
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('DOCUMENT_SIGNING_KEY must be an Ed25519 private key');
    this.publicKeyPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
    this.linkSecret = config.DOCUMENT_LINK_SECRET
      ? Buffer.from(config.DOCUMENT_LINK_SECRET)
      : createHmac('sha256', config.JWT_SECRET).update('cop:document-links').digest();
  }

  /** Ed25519 signature (64 raw bytes) of exactly these bytes. */
  sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  /** HMAC of a download link's fields. */
  linkSignature(fields: string[]): string {
    return createHmac('sha256', this.linkSecret).update(fields.join('\n')).digest('base64url');
  }

  verifyLink(fields: string[], signature: string): boolean {
    const expected = Buffer.from(this.linkSignature(fields));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private loadKey(config: AppConfig): KeyObject {
    if (config.DOCUMENT_SIGNING_KEY) {
      const raw = config.DOCUMENT_SIGNING_KEY.includes('BEGIN')
        ? config.DOCUMENT_SIGNING_KEY.replace(/\\n/g, '\n')
        : Buffer.from(config.DOCUMENT_SIGNING_KEY, 'base64').toString('utf8');
      return createPrivateKey(raw);
    }
    const file = resolve(config.DOCUMENT_SIGNING_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const { privateKey } = generateKeyPairSync('ed25519');
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      try {
        // link() fails if another process created the key first: then both use that one.
        linkSync(temp, file);
        this.logger.warn(`Generated a new document signing key at ${file}; set DOCUMENT_SIGNING_KEY in production.`);
      } catch {
        /* someone else won the race */
      } finally {
        unlinkSync(temp);
      }
    }
    return createPrivateKey(readFileSync(file));
  }
}
