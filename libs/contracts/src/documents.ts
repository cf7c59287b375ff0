import { LANGUAGE_INFO, UN_LANGUAGES, type LocalizedText, type UnLanguage } from './languages';

// Zod-free on purpose: the portal imports it at runtime (request schemas live in documents-schemas.ts).

// ---------- UN document symbols ----------
//
//   symbol     := body "/" document suffix*
//   body       := part ("/" part)*             e.g. UNEP/MC/COP.6   (capitals and digits, optional ".N"; the first starts with a letter)
//   document   := number                        UNEP/MC/COP.6/19          official (main series)
//               | "INF/" number                 UNEP/MC/COP.6/INF/26      information document
//               | "CRP." number                 UNEP/MC/COP.6/CRP.3       conference room paper
//               | "L." number                   UNEP/MC/COP.6/L.2         limited distribution
//   suffix     := "/Rev." number | "/Add." number | "/Corr." number
//   number     := [1-9][0-9]*
//
// A symbol with suffixes is linked to its base: the same symbol without its last suffix
// (UNEP/MC/COP.6/1/Add.1/Rev.1 revises UNEP/MC/COP.6/1/Add.1, which adds to UNEP/MC/COP.6/1).
// A revision supersedes its base and every earlier revision of that base.

export const DOCUMENT_SERIES = ['main', 'INF', 'CRP', 'L'] as const;
export type DocumentSeries = (typeof DOCUMENT_SERIES)[number];
export const SYMBOL_SUFFIX_KINDS = ['Rev', 'Add', 'Corr'] as const;
export type SymbolSuffixKind = (typeof SYMBOL_SUFFIX_KINDS)[number];

export interface SymbolSuffix {
  kind: SymbolSuffixKind;
  n: number;
}

export interface ParsedSymbol {
  /** The symbol as written (already canonical: the grammar admits one spelling). */
  symbol: string;
  /** The issuing body and session, e.g. UNEP/MC/COP.6. */
  body: string;
  series: DocumentSeries;
  number: number;
  suffixes: SymbolSuffix[];
  /** The document this one revises, adds to or corrects; null for a base document. */
  base: string | null;
  /**
   * What a revision supersedes: the symbol without a trailing Rev.N. Documents with the same
   * revisionOf form one line of revisions; the one with the highest `revision` is current.
   */
  revisionOf: string;
  /** N of a trailing Rev.N, else 0. */
  revision: number;
  /** The file-name stem in UN style: slashes become hyphens (UNEP-MC-COP.6-INF-26). */
  stem: string;
}

export type SymbolResult = { ok: true; value: ParsedSymbol } | { ok: false; error: string };

const BODY_PART = /^[A-Z0-9]+(?:\.[1-9][0-9]*)?$/;
const NUMBER = /^[1-9][0-9]{0,4}$/;
const DOTTED = /^(CRP|L)\.([1-9][0-9]{0,4})$/;
const SUFFIX = /^(Rev|Add|Corr)\.([1-9][0-9]{0,3})$/;
export const MAX_SYMBOL_LENGTH = 120;

/** Parses a UN document symbol; pure, no I/O. */
export function parseSymbol(input: string): SymbolResult {
  if (typeof input !== 'string' || !input.length) return { ok: false, error: 'the symbol is empty' };
  if (input.length > MAX_SYMBOL_LENGTH) return { ok: false, error: `a symbol has at most ${MAX_SYMBOL_LENGTH} characters` };
  if (input !== input.trim() || /\s/.test(input)) return { ok: false, error: 'a symbol contains no spaces' };
  const parts = input.split('/');
  if (parts.some((p) => p === '')) return { ok: false, error: 'a symbol has no empty parts (no leading, trailing or double "/")' };

  // Suffixes, read from the end.
  const suffixes: SymbolSuffix[] = [];
  let end = parts.length;
  while (end > 0) {
    const m = SUFFIX.exec(parts[end - 1]);
    if (!m) break;
    suffixes.unshift({ kind: m[1] as SymbolSuffixKind, n: Number(m[2]) });
    end--;
  }
  if (end > 0 && /^(rev|add|corr)\./i.test(parts[end - 1]))
    return { ok: false, error: `"${parts[end - 1]}" is not a suffix: write Rev.N, Add.N or Corr.N with N from 1` };

  // The document number and its series.
  let series: DocumentSeries;
  let number: number;
  let bodyEnd: number;
  const last = parts[end - 1];
  const dotted = last ? DOTTED.exec(last) : null;
  if (dotted) {
    series = dotted[1] as DocumentSeries;
    number = Number(dotted[2]);
    bodyEnd = end - 1;
  } else if (last && NUMBER.test(last)) {
    const infSeries = parts[end - 2] === 'INF';
    series = infSeries ? 'INF' : 'main';
    number = Number(last);
    bodyEnd = infSeries ? end - 2 : end - 1;
  } else {
    return {
      ok: false,
      error: `"${last ?? input}" is not a document number: expected N, INF/N, CRP.N or L.N (N from 1) before any Rev/Add/Corr suffix`,
    };
  }
  const body = parts.slice(0, bodyEnd);
  if (!body.length) return { ok: false, error: 'a symbol starts with the issuing body and session, e.g. UNEP/MC/COP.6' };
  if (!/^[A-Z]/.test(body[0])) return { ok: false, error: `"${body[0]}" is not an issuing body: a symbol starts with one, e.g. UNEP` };
  const badPart = body.find((p) => !BODY_PART.test(p));
  if (badPart !== undefined)
    return { ok: false, error: `"${badPart}" is not a valid symbol part: capital letters and digits, optionally ".N" (e.g. COP.6)` };

  // The same suffix may not repeat directly (Rev.1/Rev.2), and a corrigendum is the last word.
  for (let i = 1; i < suffixes.length; i++) {
    if (suffixes[i].kind === suffixes[i - 1].kind)
      return { ok: false, error: `${suffixes[i - 1].kind}.${suffixes[i - 1].n}/${suffixes[i].kind}.${suffixes[i].n} repeats a suffix` };
  }

  const trailing = suffixes.at(-1);
  const revision = trailing?.kind === 'Rev' ? trailing.n : 0;
  const base = suffixes.length ? parts.slice(0, -1).join('/') : null;
  const revisionOf = revision ? parts.slice(0, -1).join('/') : input;
  return {
    ok: true,
    value: {
      symbol: input,
      body: body.join('/'),
      series,
      number,
      suffixes,
      base,
      revisionOf,
      revision,
      stem: parts.join('-'),
    },
  };
}

/** The symbol from its file-name stem (UNEP-MC-COP.6-INF-26 → UNEP/MC/COP.6/INF/26). */
export function symbolFromStem(stem: string): string {
  return stem.replace(/-/g, '/');
}

/** What a document is called in a URL path segment: its stem (no slashes to escape). */
export const symbolRef = (symbol: string): string => symbol.replace(/\//g, '-');

// ---------- languages of a document ----------

/** The six UN languages, plus `original` for documents issued in one language only. */
export const DOCUMENT_LANGUAGES = [...UN_LANGUAGES, 'original'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

/** The letter UN file names carry for a language; `original` versions carry none. */
export function languageFileSuffix(lang: DocumentLanguage): string | null {
  return lang === 'original' ? null : LANGUAGE_INFO[lang as UnLanguage].fileSuffix;
}

export const DOCUMENT_MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type DocumentFormat = keyof typeof DOCUMENT_MEDIA_TYPES;

/** UN-style file name: UNEP-MC-COP.6-INF-26-E.pdf (only characters safe in any file system). */
export function documentFileName(symbol: string, lang: DocumentLanguage, format: DocumentFormat): string {
  const suffix = languageFileSuffix(lang);
  const stem = symbol.replace(/\//g, '-').replace(/[^A-Za-z0-9.-]/g, '_');
  return `${stem}${suffix ? `-${suffix}` : ''}.${format}`;
}

// ---------- documents ----------

export const DOCUMENT_TYPES = ['official', 'information', 'conference-room-paper', 'limited', 'non-paper', 'statement'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DISTRIBUTIONS = ['public', 'participants', 'secretariat'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** The type a symbol's series implies; documents outside the series may be given any type. */
export function typeForSeries(series: DocumentSeries): DocumentType {
  return ({ main: 'official', INF: 'information', CRP: 'conference-room-paper', L: 'limited' } as const)[series];
}

export interface DocumentFileDto {
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  format: DocumentFormat;
  fileName: string;
  pageCount: number | null;
  /** pending until the processing job has counted pages and extracted the text. */
  processing: 'pending' | 'done' | 'failed';
  uploadedAt: string;
  /** The uploading account's id, for the secretariat; null for everyone else. */
  uploadedBy: string | null;
  /** Relative URL of this exact version. */
  url: string;
}

export interface DocumentLanguageDto {
  language: DocumentLanguage;
  /** The newest version; earlier ones are in `versions` when asked for (history). */
  latest: DocumentFileDto;
  versions?: DocumentFileDto[];
  publishedAt: string;
}

export interface DocumentDto {
  id: string;
  meeting: string;
  symbol: string;
  /** The URL path segment naming this document (the symbol with hyphens). */
  ref: string;
  series: DocumentSeries;
  type: DocumentType;
  title: LocalizedText;
  agendaItems: { id: string; number: string }[];
  distribution: Distribution;
  /** The document this one revises, adds to or corrects (from the symbol), if it exists here. */
  base: string | null;
  /** The newest revision superseding this one, when there is one. */
  supersededBy: string | null;
  /** Older revisions this one supersedes, newest first. */
  supersedes: string[];
  publishedAt: string | null;
  updatedAt: string;
  /** Seq of the change feed entry that last published a file of this document. */
  seq: number | null;
  /** Bumped by every metadata correction; send it back in If-Match when correcting. */
  editRevision: number;
  languages: DocumentLanguageDto[];
}

export interface DocumentListDto {
  meeting: string;
  lastSeq: number;
  documents: DocumentDto[];
}

/** What `document.updated` carries in the change feed: the document's metadata after a correction. */
export interface DocumentMetadataDto {
  id: string;
  symbol: string;
  ref: string;
  type: DocumentType;
  title: LocalizedText;
  distribution: Distribution;
  agendaItems: { id: string; number: string }[];
  editRevision: number;
}

/** What `document.published` carries in the change feed: the metadata and the file just stored. */
export interface DocumentChangeDto extends DocumentMetadataDto {
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: number;
  fileName: string;
  supersedes: string | null;
}

export interface ManifestEntry {
  symbol: string;
  language: DocumentLanguage;
  version: number;
  sha256: string;
  size: number;
  fileName: string;
  publishedAt: string;
}

export interface DocumentManifest {
  meeting: string;
  audience: 'public' | 'participants' | 'secretariat';
  lastSeq: number;
  algorithm: 'Ed25519';
  publicKeyUrl: string;
  entries: ManifestEntry[];
}
