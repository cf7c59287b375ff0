/**
 * Document download links, shared by the documents page, the meeting home and the session page.
 * Types only from '@cop/contracts/documents' (it holds zod schemas).
 */
import type { Distribution, DocumentDto, DocumentFileDto, DocumentLanguage } from '@cop/contracts/documents';
import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import { NetworkError, api, apiBlob, errorText } from './api';
import * as auth from './auth';
import { h, joined, type Child } from './dom';
import { isOffline, keptDocument } from './offline';
import { lang, locale, t } from './i18n';
import { contentText } from './ui';

/** "CRP.3", "INF/26", "1/Rev.1": the symbol without its issuing body, for badges. */
export function shortSymbol(symbol: string): string {
  const parts = symbol.split('/');
  const i = parts.findIndex((p) => p === 'INF' || /^(CRP|L)\.\d+$/.test(p) || /^\d+$/.test(p));
  return i > 0 ? parts.slice(i).join('/') : symbol;
}

/** "French" (in the interface language), or "Original language". */
export function languageName(l: DocumentLanguage): string {
  if (l === 'original') return t('docs.original');
  try {
    const name = new Intl.DisplayNames([locale()], { type: 'language' }).of(l);
    if (name) return name.charAt(0).toLocaleUpperCase(locale()) + name.slice(1);
  } catch {
    /* older browsers */
  }
  return LANGUAGE_INFO[l].name;
}

/** "12 kB", "12 ko", "12 кБ": the size with the interface language's own unit names. */
export function formatSize(bytes: number): string {
  const [value, unit, digits] =
    bytes < 1024 ? [bytes, 'byte', 0] : bytes < 1024 * 1024 ? [bytes / 1024, 'kilobyte', 0] : [bytes / (1024 * 1024), 'megabyte', 1];
  return new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}

export { errorText };

export function startDownload(url: string, name: string): void {
  const a = h('a', { href: url, download: name, hidden: true, 'data-external': '' });
  document.body.append(a);
  a.click();
  a.remove();
}

/** A document as a list shows it: the latest version of each language (one() also carries every version). */
export function latestOnly(doc: DocumentDto): DocumentDto {
  return { ...doc, languages: doc.languages.map(({ versions: _versions, ...l }) => l) };
}

/** "Download UNEP/MC/COP.6/INF/26 in French, PDF, 12 kB": what a download link says to a screen reader. */
export function downloadLabel(symbol: string, language: DocumentLanguage, f: DocumentFileDto): string {
  return t('docs.downloadLabel', { symbol, language: languageName(language), format: f.format.toUpperCase(), size: formatSize(f.size) });
}

/**
 * A link to one version of one language. A public document downloads by its plain URL when
 * signed out; otherwise clicking asks for a short-lived signed link, so no bearer header is
 * needed for the bytes.
 */
export function downloadLink(
  base: string,
  d: { ref: string; symbol: string; distribution: Distribution },
  language: DocumentLanguage,
  f: DocumentFileDto,
  text: string,
  onError: (message: string) => void,
): HTMLAnchorElement {
  return h(
    'a',
    {
      class: 'doc-download',
      href: f.url,
      download: f.fileName,
      'data-download': language,
      'aria-label': downloadLabel(d.symbol, language, f),
      onclick: (e: Event) => {
        e.preventDefault();
        void downloadVersion(base, d, language, f, onError);
      },
    },
    text,
  );
}

/**
 * A version downloaded before on this device opens from the service worker's cache (by its
 * SHA-256: offline, and without asking for a link). Otherwise a public one is the plain link when
 * signed out, and a signed-in download asks for a short-lived signed link.
 */
export async function downloadVersion(
  base: string,
  d: { ref: string; distribution: Distribution },
  language: DocumentLanguage,
  f: DocumentFileDto,
  onError: (message: string) => void,
): Promise<void> {
  const kept = await keptDocument(f.sha256);
  if (kept) return saveBlob(await kept.blob(), f.fileName);
  if (isOffline()) return onError(t('offline.documentNotKept'));
  try {
    const url =
      d.distribution === 'public' && !auth.token()
        ? f.url // the plain link works without a token
        : (
            await api<{ url: string }>(`${base}/documents/${encodeURIComponent(d.ref)}/files/${language}/link`, {
              method: 'POST',
              body: { version: f.version },
            })
          ).url;
    // Chromium hands an <a download> straight to its download manager, past the service worker:
    // with a worker, fetch the bytes here so it sees (and keeps) them.
    if (navigator.serviceWorker?.controller) await fetchAndSave(url, true, f.fileName);
    else startDownload(url, f.fileName);
  } catch (err) {
    onError(err instanceof NetworkError ? t('offline.documentNotKept') : t('docs.downloadFailed', { message: errorText(err) }));
  }
}

/** Fetches a file (with the bearer token unless `anonymous`) and saves it under the name its Content-Disposition gives. */
export async function fetchAndSave(url: string, anonymous: boolean, fallbackName: string): Promise<void> {
  const { blob, fileName } = await apiBlob(url, { anonymous });
  saveBlob(blob, fileName ?? fallbackName);
}

export function saveBlob(blob: Blob, name: string): void {
  const blobUrl = URL.createObjectURL(blob);
  startDownload(blobUrl, name);
  window.setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

/** The chosen language first, then English, then the rest in UN order (original-language files last). */
function byPreference(a: DocumentLanguage, b: DocumentLanguage): number {
  const rank = (l: DocumentLanguage) => (l === lang() ? -2 : l === 'en' ? -1 : l === 'original' ? 99 : UN_LANGUAGES.indexOf(l));
  return rank(a) - rank(b);
}

/**
 * One document in a short list (the meeting home, a session's agenda items): symbol, title in
 * the chosen language, its distribution when restricted, and a download link per language.
 */
export function documentItem(base: string, d: DocumentDto, onError: (message: string) => void, extra?: Child): HTMLLIElement {
  const languages = [...d.languages].sort((a, b) => byPreference(a.language, b.language));
  return h(
    'li',
    { class: 'doc-summary', 'data-symbol': d.symbol },
    h(
      'p',
      { class: 'doc-head' },
      h('span', { class: 'doc-symbol', translate: 'no' }, d.symbol),
      d.distribution === 'public'
        ? null
        : h(
            'span',
            { class: 'tag tag-restricted' },
            t(d.distribution === 'participants' ? 'docs.participantsOnly' : 'docs.secretariatOnly'),
          ),
    ),
    h('p', { class: 'doc-title' }, contentText(d.title, { class: 'doc-title-text' })),
    languages.length
      ? h(
          'p',
          { class: 'doc-langs' },
          t('session.languages'),
          ' ',
          joined(
            languages.map((l) => downloadLink(base, d, l.language, l.latest, languageName(l.language), onError)),
            () => h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
          ),
        )
      : null,
    extra,
  );
}
