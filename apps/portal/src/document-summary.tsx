import type { Distribution, DocumentDto, DocumentFileDto, DocumentLanguage } from '@cop/contracts/documents';
import { UN_LANGUAGES } from '@cop/contracts/languages';
import { Fragment, type ComponentChildren } from 'preact';
import { ContentText } from './content-text';
import { downloadLabel, downloadVersion, languageName } from './doc-links';
import { lang, t } from './i18n';

/** The chosen language first, then English, then the rest in UN order (original-language files last). */
function byPreference(a: DocumentLanguage, b: DocumentLanguage): number {
  const rank = (l: DocumentLanguage) => (l === lang() ? -2 : l === 'en' ? -1 : l === 'original' ? 99 : UN_LANGUAGES.indexOf(l));
  return rank(a) - rank(b);
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

/**
 * One document in a short list (the meeting home, a session's agenda items): symbol, title in
 * the chosen language, its distribution when restricted, and a download link per language.
 */
export function DocumentSummary(props: {
  base: string;
  doc: DocumentDto;
  onError: (message: string) => void;
  children?: ComponentChildren;
}) {
  const d = props.doc;
  const languages = [...d.languages].sort((a, b) => byPreference(a.language, b.language));
  return (
    <li class="doc-summary" data-symbol={d.symbol}>
      <p class="doc-head">
        <span class="doc-symbol" translate={false}>
          {d.symbol}
        </span>
        {d.distribution === 'public' ? null : (
          <span class="tag tag-restricted">{t(d.distribution === 'participants' ? 'docs.participantsOnly' : 'docs.secretariatOnly')}</span>
        )}
      </p>
      <p class="doc-title">
        <ContentText text={d.title} class="doc-title-text" />
      </p>
      {languages.length ? (
        <p class="doc-langs">
          {t('session.languages')}{' '}
          {languages.map((l, i) => (
            <Fragment key={l.language}>
              {i ? (
                <span class="sep" aria-hidden="true">
                  {' · '}
                </span>
              ) : null}
              <DownloadLink
                base={props.base}
                doc={d}
                language={l.language}
                file={l.latest}
                text={languageName(l.language)}
                onError={props.onError}
              />
            </Fragment>
          ))}
        </p>
      ) : null}
      {props.children}
    </li>
  );
}
