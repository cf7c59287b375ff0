/**
 * Document downloads, shared by the documents page, the meeting home and the session page.
 * Types only from '@cop/contracts/documents' (it holds zod schemas).
 */
import { formatSize } from './file-size';
import type { Distribution, DocumentDto, DocumentFileDto, DocumentLanguage } from '@cop/contracts/documents';
import { LANGUAGE_INFO } from '@cop/contracts/languages';
import { NetworkError, api, apiBlob, errorText } from './api';
import * as auth from './auth';
import { h } from './dom';
import { isOffline, keptDocument } from './offline';
import { locale, t } from './i18n';

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
