import { ApiError, NetworkError } from '../../api';
import { t } from '../../i18n';

/**
 * What a failed upload tells the secretariat, in the interface language: what went wrong with
 * the file and what to do next, rather than the API's wording. Only a symbol the API could not
 * read keeps its words (they name the part of the symbol that is wrong).
 */
export function uploadErrorText(err: unknown): string {
  if (err instanceof NetworkError) return t('upload.network');
  if (!(err instanceof ApiError)) return t('upload.error.server');
  const body = err.body as { reason?: unknown; version?: unknown } | null;
  switch (err.status) {
    case 400:
      return t('upload.error.symbol', { message: err.message });
    case 401:
      return t('upload.error.signIn');
    case 403:
      return t('upload.forbidden');
    case 409:
      return body?.reason === 'same-file' ? t('upload.error.sameFile', { version: String(body.version) }) : err.message;
    case 413:
      return t('upload.error.tooLarge');
    case 415:
      return t('upload.error.type');
    case 422:
      return /agenda/i.test(err.message) ? err.message : t('upload.error.unreadable');
    default:
      return t('upload.error.server');
  }
}
