import type { MeetingDto } from '@cop/contracts/calendar';
import type { DocumentChangeDto, DocumentDto, DocumentFileDto, DocumentLanguage, DocumentListDto } from '@cop/contracts/documents';
import type { ChangeEvent } from '@cop/contracts/feed';
import { batch, signal } from '@preact/signals';
import { ApiError, api } from '../../api';
import * as auth from '../../auth';
import { languageName, latestOnly, shortSymbol } from '../../doc-links';
import { t } from '../../i18n';
import { store } from '../../storage';
import { DISTRIBUTIONS, DOCUMENT_TYPES, isLanguage } from './shared';

/** localStorage: the document language chosen (all meetings), and the last seq seen per meeting. */
export const LANG_KEY = 'cop.docLang';
const seenKey = (code: string) => `cop.docsSeen.${code}`;
/** How long the "New: CRP.3 (English)" toast stays up. */
const TOAST_MS = 12_000;

export type HistoryState = DocumentDto | 'loading' | 'failed';
export type ToastTone = 'new' | 'error' | 'ok';
export interface Toast {
  id: number;
  text: string;
  tone: ToastTone;
}

export type Documents = ReturnType<typeof documentsState>;

/**
 * What the documents page shows and how it changes: the documents (latest versions), the
 * filters (in the address and, for the language, remembered), what is new since the last
 * visit, opened histories, toasts and the screen-reader announcement.
 */
export function documentsState(ctx: { url: URL; signal: AbortSignal }, first: MeetingDto, list: DocumentListDto) {
  const code = first.code;
  const apiBase = `/api/meetings/${encodeURIComponent(code)}`;
  const signedIn = !!auth.token();
  const secretariat = auth.user()?.role === 'secretariat';
  const q = ctx.url.searchParams;
  const asked = q.get('language');
  const remembered = store.get(LANG_KEY);

  const meeting = signal(first);
  const docs = signal(new Map(list.documents.map((d) => [d.id, d])));
  const type = signal((DOCUMENT_TYPES as readonly string[]).includes(q.get('type') ?? '') ? q.get('type')! : '');
  const distribution = signal(
    signedIn && (DISTRIBUTIONS as readonly string[]).includes(q.get('distribution') ?? '') ? q.get('distribution')! : '',
  );
  /** The full-text search box's text (in the address as ?q=). */
  const query = signal(q.get('q') ?? '');
  const language = signal<DocumentLanguage | ''>(isLanguage(asked) ? asked : isLanguage(remembered) ? remembered : '');
  const histories = signal(new Map<string, HistoryState>());
  const openHistory = signal(new Set<string>());
  const toasts = signal<Toast[]>([]);
  const announcement = signal('');

  // "New since your last visit": what was published after the seq seen then. A first visit marks nothing.
  const seen = Number(store.get(seenKey(code)));
  const newIds = signal(
    new Set(Number.isFinite(seen) && seen > 0 ? list.documents.filter((d) => (d.seq ?? 0) > seen).map((d) => d.id) : []),
  );
  store.set(seenKey(code), String(list.lastSeq));

  const timers = new Set<number>();
  let toastId = 0;
  let announceTimer = 0;

  const forgetHistory = (id: string) => {
    if (!histories.value.has(id)) return;
    const next = new Map(histories.value);
    next.delete(id);
    histories.value = next;
  };

  /** A revision replaces what it supersedes in the list (which shows latest versions only). */
  const put = (doc: DocumentDto) => {
    const next = new Map(docs.value);
    for (const [id, other] of next) if (doc.supersedes.includes(other.symbol)) next.delete(id);
    next.set(doc.id, doc);
    batch(() => {
      docs.value = next;
      forgetHistory(doc.id);
    });
  };

  const drop = (id: string) => {
    const next = new Map(docs.value);
    next.delete(id);
    batch(() => {
      docs.value = next;
      forgetHistory(id);
    });
  };

  /** Re-reads one document: updated in place, or dropped from the list when it may no longer be seen (404). */
  const reread = (id: string, ref: string) => {
    api<DocumentDto>(`${apiBase}/documents/${encodeURIComponent(ref)}`, { signal: ctx.signal })
      // one() answers with every version; the list shows the latest of each language.
      .then((doc) => put(latestOnly(doc)))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) drop(id);
      });
  };

  /** Shows the new file at once from the change itself (no request first). */
  const applyChange = (c: DocumentChangeDto) => {
    const now = new Date().toISOString();
    const existing = docs.value.get(c.id);
    const file: DocumentFileDto = {
      version: c.version,
      sha256: c.sha256,
      size: c.size,
      mediaType: '',
      format: (c.fileName.split('.').pop() ?? 'pdf') as DocumentFileDto['format'],
      fileName: c.fileName,
      pageCount: null,
      processing: 'pending',
      uploadedAt: now,
      uploadedBy: null,
      url: `${apiBase}/documents/${encodeURIComponent(c.ref)}/files/${c.language}?version=${c.version}`,
    };
    const languages = (existing?.languages ?? []).filter((l) => l.language !== c.language);
    languages.push({ language: c.language, latest: file, publishedAt: now });
    put({
      id: c.id,
      meeting: code,
      symbol: c.symbol,
      ref: c.ref,
      series: existing?.series ?? 'main',
      type: c.type,
      title: c.title,
      agendaItems: c.agendaItems,
      distribution: c.distribution,
      base: existing?.base ?? null,
      supersededBy: existing?.supersededBy ?? null,
      supersedes: existing?.supersedes ?? (c.supersedes ? [c.supersedes] : []),
      publishedAt: existing?.publishedAt ?? now,
      updatedAt: now,
      seq: null,
      editRevision: existing?.editRevision ?? 1,
      languages,
    });
  };

  const reloadMeeting = async () => {
    try {
      meeting.value = await api<MeetingDto>(apiBase, { signal: ctx.signal });
    } catch {
      /* a reload will catch up */
    }
  };

  const toast = (text: string, tone: ToastTone) => {
    const id = ++toastId;
    toasts.value = [{ id, text, tone }, ...toasts.value].slice(0, 3);
    const timer = window.setTimeout(() => {
      timers.delete(timer);
      toasts.value = toasts.value.filter((x) => x.id !== id);
    }, TOAST_MS);
    timers.add(timer);
  };

  /** Emptied first, then set: a screen reader hears the same text again. */
  const announce = (text: string) => {
    window.clearTimeout(announceTimer);
    announcement.value = '';
    announceTimer = window.setTimeout(() => (announcement.value = text), 50);
  };

  /** A change from the meeting's feed. */
  const onChange = (event: ChangeEvent) => {
    store.set(seenKey(code), String(event.seq));
    if (event.kind === 'agenda-item.created' || event.kind === 'agenda-item.updated' || event.kind === 'agenda-item.deleted') {
      void reloadMeeting();
      return;
    }
    const d = event.document;
    if (!d) return;
    if (event.kind === 'document.updated' || event.kind === 'document.removed') {
      // A correction, or no longer visible here: read it again as this reader may see it (the
      // secretariat still sees a document withdrawn from participants; a public reader learns
      // of one just made public).
      const ref = 'ref' in d ? d.ref : docs.value.get(d.id)?.ref;
      if (ref) reread(d.id, ref);
      return;
    }
    if (event.kind !== 'document.published' || !('sha256' in d)) return;
    newIds.value = new Set(newIds.value).add(d.id);
    applyChange(d);
    const message = t('docs.newBadge', { symbol: shortSymbol(d.symbol), language: languageName(d.language) });
    toast(message, 'new');
    announce(message);
    // The change carries the new file; the full document (other languages, relations) follows.
    reread(d.id, d.ref);
  };

  /** Opens or closes a document's history, reading it (again, after a failure) when opened. */
  const toggleHistory = (d: DocumentDto, open: boolean) => {
    if (open === openHistory.value.has(d.id)) return;
    const next = new Set(openHistory.value);
    if (!open) {
      next.delete(d.id);
      openHistory.value = next;
      return;
    }
    next.add(d.id);
    openHistory.value = next;
    const known = histories.value.get(d.id);
    if (known && known !== 'failed') return;
    const set = (state: HistoryState) => (histories.value = new Map(histories.value).set(d.id, state));
    set('loading');
    api<DocumentDto>(`${apiBase}/documents/${encodeURIComponent(d.ref)}`, { signal: ctx.signal }).then(set, () => set('failed'));
  };

  /** The filters in the address (the language is remembered instead), so a reload or a shared link keeps them. */
  const filtersChanged = (focus: string) => {
    const url = new URL(window.location.href);
    for (const [k, v] of [
      ['type', type.value],
      ['distribution', distribution.value],
    ] as const) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    url.searchParams.delete('language');
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
    document.getElementById(focus)?.focus();
  };
  const setLanguage = (v: string) => {
    language.value = isLanguage(v) ? v : '';
    store.set(LANG_KEY, language.value || null);
    filtersChanged('doc-filter-language');
  };

  const dispose = () => {
    window.clearTimeout(announceTimer);
    for (const timer of timers) window.clearTimeout(timer);
  };

  return {
    code,
    apiBase,
    lastSeq: list.lastSeq,
    signedIn,
    secretariat,
    meeting,
    docs,
    newIds,
    type,
    distribution,
    language,
    query,
    histories,
    openHistory,
    toasts,
    announcement,
    put,
    onChange,
    toggleHistory,
    filtersChanged,
    setLanguage,
    toast,
    dispose,
  };
}
