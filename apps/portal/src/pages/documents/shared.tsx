import {
  DISTRIBUTIONS,
  DOCUMENT_LANGUAGES,
  DOCUMENT_MEDIA_TYPES,
  DOCUMENT_TYPES,
  type Distribution,
  type DocumentLanguage,
} from '@cop/contracts/documents';
import { type MessageKey } from '../../i18n';

export { ContentText } from '../../content-text';

export { DISTRIBUTIONS, DOCUMENT_LANGUAGES, DOCUMENT_TYPES };

/** The media types the upload form accepts (PDF, DOCX, XLSX). */
export const UPLOADABLE: string[] = Object.values(DOCUMENT_MEDIA_TYPES);

export function isLanguage(v: string | null): v is DocumentLanguage {
  return !!v && (DOCUMENT_LANGUAGES as readonly string[]).includes(v);
}

export function distributionLabel(d: Distribution): MessageKey {
  return d === 'participants' ? 'docs.participantsOnly' : d === 'secretariat' ? 'docs.secretariatOnly' : 'docs.public';
}

/** " · " between meta items, hidden from screen readers. */
export const Sep = () => (
  <span class="sep" aria-hidden="true">
    {' · '}
  </span>
);
