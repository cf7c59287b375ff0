import {
  DISTRIBUTIONS,
  DOCUMENT_LANGUAGES,
  DOCUMENT_MEDIA_TYPES,
  DOCUMENT_TYPES,
  type Distribution,
  type DocumentFileDto,
  type DocumentLanguage,
} from '@cop/contracts/documents';
import { downloadLabel, downloadVersion } from '../../doc-links';
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

/** A link to one version of one language (see doc-links downloadVersion for how it downloads). */
export function DownloadLink(props: {
  base: string;
  doc: { ref: string; symbol: string; distribution: Distribution };
  language: DocumentLanguage;
  file: DocumentFileDto;
  text: string;
  onError: (message: string) => void;
}) {
  const { base, doc, language, file } = props;
  const onClick = (e: Event) => {
    e.preventDefault();
    void downloadVersion(base, doc, language, file, props.onError);
  };
  return (
    <a
      class="doc-download"
      href={file.url}
      download={file.fileName}
      data-download={language}
      aria-label={downloadLabel(doc.symbol, language, file)}
      onClick={onClick}
    >
      {props.text}
    </a>
  );
}

/** " · " between meta items, hidden from screen readers. */
export const Sep = () => (
  <span class="sep" aria-hidden="true">
    {' · '}
  </span>
);
