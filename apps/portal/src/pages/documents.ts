import type { MeetingDto } from '@cop/contracts/calendar';
import type {
  Distribution,
  DocumentChangeDto,
  DocumentDto,
  DocumentFileDto,
  DocumentLanguage,
  DocumentListDto,
  DocumentType,
} from '@cop/contracts/documents';
import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import type { ChangeEvent } from '@cop/contracts/live';
import { ApiError, NetworkError, api } from '../api';
import { downloadLink, errorText, fetchAndSave, formatSize, languageName, latestOnly, shortSymbol } from '../doc-links';
import * as auth from '../auth';
import { h, replaceChildren, type Child } from '../dom';
import { lang, locale, t, tn, type MessageKey } from '../i18n';
import { LiveFeed, type LiveStatus } from '../live';
import type { Page, PageContext } from '../router';
import { store } from '../storage';
import { contentText, renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../ui';
import '../documents.css';

// Runtime copies of the contract's lists: '@cop/contracts/documents' holds zod schemas and is
// imported for its types only (the `satisfies` keeps these in step with the contract).
const TYPES = [
  'official',
  'information',
  'conference-room-paper',
  'limited',
  'non-paper',
  'statement',
] as const satisfies readonly DocumentType[];
const DISTRIBUTIONS = ['public', 'participants', 'secretariat'] as const satisfies readonly Distribution[];
const LANGUAGES = [...UN_LANGUAGES, 'original'] as const satisfies readonly DocumentLanguage[];
const UPLOADABLE = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** localStorage: the document language chosen (all meetings), and the last seq seen per meeting. */
const LANG_KEY = 'cop.docLang';
const seenKey = (code: string) => `cop.docsSeen.${code}`;
/** How long the "New: CRP.3 (English)" toast stays up. */
const TOAST_MS = 12_000;
const NO_ITEM = '';

export interface DocumentsHooks {
  retry(): void;
  onUnauthorized(): void;
}

/** `/meetings/:code/documents` (and `/console/:code/documents`, the upload form first). */
export async function documentsPage(ctx: PageContext, hooks: DocumentsHooks, consoleFirst = false): Promise<Page> {
  const code = ctx.params.code;
  renderLoading(ctx.root);
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  if (consoleFirst && auth.user()?.role !== 'secretariat') {
    renderMessage(ctx.root, {
      title: t('upload.title'),
      text: t('upload.forbidden'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  let meeting: MeetingDto;
  let list: DocumentListDto;
  try {
    [meeting, list] = await Promise.all([
      api<MeetingDto>(base, { signal: ctx.signal }),
      api<DocumentListDto>(`${base}/documents`, { signal: ctx.signal }),
    ]);
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  return new DocumentsView(ctx, meeting, list, hooks, consoleFirst);
}

function isLanguage(v: string | null): v is DocumentLanguage {
  return !!v && (LANGUAGES as readonly string[]).includes(v);
}

class DocumentsView implements Page {
  private readonly docs = new Map<string, DocumentDto>();
  private readonly newIds = new Set<string>();
  private readonly code: string;
  private readonly base: string;
  private readonly signedIn = !!auth.token();
  private readonly secretariat = auth.user()?.role === 'secretariat';
  private type = '';
  private language: DocumentLanguage | '';
  private distribution = '';
  private status: LiveStatus = 'connecting';
  private feed: LiveFeed | null = null;
  private toastTimer = 0;
  private announceTimer = 0;
  private readonly history = new Map<string, DocumentDto | 'loading' | 'failed'>();
  private readonly openHistory = new Set<string>();

  private readonly conn = h('p', { class: 'conn', role: 'status', 'aria-live': 'polite' });
  private readonly filters = h('div', { class: 'filters doc-filters' });
  private readonly groups = h('div', { class: 'doc-groups' });
  private readonly toasts = h('div', { class: 'doc-toasts', 'data-doc-toasts': '' });
  private readonly announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-announcer': '' });
  private readonly upload: UploadForm | null;

  constructor(
    private readonly ctx: PageContext,
    private meeting: MeetingDto,
    list: DocumentListDto,
    hooks: DocumentsHooks,
    private readonly consoleFirst: boolean,
  ) {
    this.code = meeting.code;
    this.base = `/api/meetings/${encodeURIComponent(this.code)}`;
    for (const d of list.documents) this.docs.set(d.id, d);
    const q = ctx.url.searchParams;
    this.type = (TYPES as readonly string[]).includes(q.get('type') ?? '') ? q.get('type')! : '';
    this.distribution =
      this.signedIn && (DISTRIBUTIONS as readonly string[]).includes(q.get('distribution') ?? '') ? q.get('distribution')! : '';
    const asked = q.get('language');
    const remembered = store.get(LANG_KEY);
    this.language = isLanguage(asked) ? asked : isLanguage(remembered) ? remembered : '';
    // "New since your last visit": what was published after the seq seen then. A first visit marks nothing.
    const seen = Number(store.get(seenKey(this.code)));
    if (Number.isFinite(seen) && seen > 0) for (const d of list.documents) if ((d.seq ?? 0) > seen) this.newIds.add(d.id);
    store.set(seenKey(this.code), String(list.lastSeq));

    this.upload = this.secretariat ? new UploadForm(this, () => this.meeting) : null;
    this.render();
    this.feed = new LiveFeed({
      meeting: this.code,
      since: list.lastSeq,
      token: auth.token(),
      onChange: (event) => this.onChange(event),
      onStatus: (status) => {
        this.status = status;
        this.renderConnection();
      },
      onUnauthorized: () => hooks.onUnauthorized(),
    });
  }

  dispose(): void {
    this.feed?.close();
    this.feed = null;
    window.clearTimeout(this.toastTimer);
    window.clearTimeout(this.announceTimer);
  }

  refresh(): void {
    this.render();
  }

  get apiBase(): string {
    return this.base;
  }

  /** A document the upload form has just stored (shown at once, even when the feed does not carry it). */
  stored(doc: DocumentDto): void {
    this.put(doc);
    this.renderGroups();
  }

  // ---------- rendering ----------

  private render(): void {
    setTitle(t('docs.docTitle'), this.meeting.shortTitle);
    const m = this.meeting;
    this.renderConnection();
    this.renderFilters();
    this.renderGroups();
    const upload = this.upload?.render() ?? null;
    replaceChildren(
      this.ctx.root,
      h(
        'section',
        { class: 'meeting-banner', 'aria-labelledby': 'meeting-title' },
        h(
          'div',
          { class: 'wrap' },
          h(
            'nav',
            { class: 'breadcrumb', 'aria-label': t('app.breadcrumb') },
            h('a', { href: '/' }, t('meetings.title')),
            h('span', { 'aria-hidden': 'true' }, ' / '),
            h('a', { href: `/meetings/${encodeURIComponent(this.code)}/schedule` }, m.shortTitle),
            h('span', { 'aria-hidden': 'true' }, ' / '),
            t('docs.heading'),
          ),
          h('p', { class: 'meeting-kicker' }, h('span', { class: 'code-chip code-chip-inverse' }, m.shortTitle)),
          h('h1', { class: 'meeting-title', id: 'meeting-title' }, contentText(m.title)),
        ),
      ),
      h(
        'div',
        { class: 'wrap documents' },
        this.consoleFirst ? upload : null,
        h('div', { class: 'schedule-bar' }, h('h2', { class: 'schedule-heading', id: 'documents-heading' }, t('docs.heading')), this.conn),
        this.toasts,
        this.filters,
        this.groups,
        h(
          'p',
          { class: 'doc-footnotes' },
          this.signedIn ? null : [h('span', null, t('docs.signInHint')), ' '],
          h('a', { href: `${this.base}/documents/manifest.json`, 'data-external': '' }, t('docs.manifest')),
        ),
        this.consoleFirst ? null : upload,
      ),
      this.announcer,
    );
  }

  private renderConnection(): void {
    const key = this.status === 'live' ? 'conn.live' : this.status === 'reconnecting' ? 'conn.reconnecting' : 'conn.connecting';
    this.conn.dataset.state = this.status;
    replaceChildren(this.conn, h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), h('span', { class: 'conn-text' }, t(key)));
  }

  private renderFilters(): void {
    const select = (id: string, label: MessageKey, all: MessageKey, value: string, options: [string, string][], set: (v: string) => void) =>
      h(
        'div',
        { class: 'field field-inline' },
        h('label', { for: id }, t(label)),
        h(
          'select',
          { id, onchange: (e: Event) => set((e.target as HTMLSelectElement).value) },
          h('option', { value: '' }, t(all)),
          options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
        ),
      );
    replaceChildren(
      this.filters,
      h(
        'div',
        { class: 'filter-fields', role: 'group', 'aria-label': t('docs.filters') },
        select(
          'doc-filter-language',
          'docs.language',
          'docs.allLanguages',
          this.language,
          LANGUAGES.map((l) => [l, languageName(l)]),
          (v) => {
            this.language = isLanguage(v) ? v : '';
            store.set(LANG_KEY, this.language || null);
            this.filtersChanged('doc-filter-language');
          },
        ),
        select(
          'doc-filter-type',
          'docs.type',
          'docs.allTypes',
          this.type,
          TYPES.map((ty) => [ty, t(`docs.type.${ty}`)]),
          (v) => {
            this.type = v;
            this.filtersChanged('doc-filter-type');
          },
        ),
        this.signedIn
          ? select(
              'doc-filter-distribution',
              'docs.distribution',
              'docs.allDistributions',
              this.distribution,
              DISTRIBUTIONS.filter((d) => this.secretariat || d !== 'secretariat').map((d) => [d, t(distributionLabel(d))]),
              (v) => {
                this.distribution = v;
                this.filtersChanged('doc-filter-distribution');
              },
            )
          : null,
        this.type || this.distribution
          ? h(
              'button',
              {
                type: 'button',
                class: 'link-button clear-filters',
                onclick: () => {
                  this.type = '';
                  this.distribution = '';
                  this.filtersChanged('doc-filter-type');
                },
              },
              t('docs.clearFilters'),
            )
          : null,
      ),
      this.newIds.size ? h('p', { class: 'zone-note' }, t('docs.newSince')) : null,
    );
  }

  private filtersChanged(focus: string): void {
    const url = new URL(window.location.href);
    for (const [k, v] of [
      ['type', this.type],
      ['distribution', this.distribution],
    ] as const) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    url.searchParams.delete('language');
    if (url.href !== window.location.href) history.replaceState(history.state, '', url);
    this.renderFilters();
    this.renderGroups();
    document.getElementById(focus)?.focus();
  }

  private matches(d: DocumentDto): boolean {
    return (
      (!this.type || d.type === this.type) &&
      (!this.distribution || d.distribution === this.distribution) &&
      (!this.language || d.languages.some((l) => l.language === this.language))
    );
  }

  /** Agenda items in the meeting's order, then "Other documents". */
  private renderGroups(): void {
    const shown = [...this.docs.values()]
      .filter((d) => this.matches(d))
      .sort((a, b) => a.symbol.localeCompare(b.symbol, 'en', { numeric: true }));
    const byItem = new Map<string, DocumentDto[]>();
    for (const d of shown) {
      const items = d.agendaItems.length ? d.agendaItems.map((a) => a.id) : [NO_ITEM];
      for (const id of items) byItem.set(id, [...(byItem.get(id) ?? []), d]);
    }
    const items = [...this.meeting.agendaItems].sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }));
    const sections: HTMLElement[] = [];
    for (const item of items) {
      const docs = byItem.get(item.id);
      if (docs?.length)
        sections.push(this.group(item.id, t('docs.item', { number: item.number }), contentText(item.title), docs, item.number));
    }
    // Documents naming an item this page does not know yet (added since it loaded).
    for (const [id, docs] of byItem) {
      if (id === NO_ITEM || items.some((i) => i.id === id)) continue;
      const number = docs[0].agendaItems.find((a) => a.id === id)?.number ?? '?';
      sections.push(this.group(id, t('docs.item', { number }), null, docs, number));
    }
    const rest = byItem.get(NO_ITEM);
    if (rest?.length) sections.push(this.group(NO_ITEM, t('docs.noItem'), null, rest, null));
    replaceChildren(
      this.groups,
      sections.length ? sections : h('p', { class: 'empty' }, this.docs.size ? t('docs.emptyFiltered') : t('docs.empty')),
    );
  }

  private bundleLanguage(): DocumentLanguage {
    return this.language || (lang() as UnLanguage);
  }

  private group(id: string, heading: string, title: Child[] | null, docs: DocumentDto[], number: string | null): HTMLElement {
    const headingId = `doc-group-${id || 'other'}`;
    const bundleLang = this.bundleLanguage();
    const bundleUrl = id ? `${this.base}/document-bundles/${encodeURIComponent(id)}?language=${bundleLang}` : null;
    return h(
      'section',
      { class: 'doc-group', 'aria-labelledby': headingId, 'data-agenda-item': id || 'none' },
      h(
        'div',
        { class: 'doc-group-head' },
        h(
          'h3',
          { id: headingId, class: 'doc-group-title' },
          heading,
          title ? [h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '), title] : null,
        ),
        h('span', { class: 'doc-group-count' }, tn('docs.count', docs.length)),
        bundleUrl && number !== null
          ? h(
              'a',
              {
                class: 'doc-bundle',
                href: bundleUrl,
                download: '',
                'data-bundle': bundleLang,
                // The visible text is the name (WCAG 2.5.3, label in name); the group's heading says which item.
                'aria-describedby': headingId,
                onclick: (e: Event) => this.downloadBundle(e, bundleUrl),
              },
              t('docs.bundle', { language: languageName(bundleLang) }),
            )
          : null,
      ),
      h(
        'ul',
        { class: 'doc-list', role: 'list' },
        docs.map((d) => this.documentElement(d)),
      ),
    );
  }

  private documentElement(d: DocumentDto): HTMLElement {
    const isNew = this.newIds.has(d.id);
    // The preferred language first, then the rest in UN order.
    const langs = [...d.languages].sort(
      (a, b) =>
        Number(b.language === this.language) - Number(a.language === this.language) ||
        LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language),
    );
    const visible = this.language ? langs.filter((l) => l.language === this.language) : langs;
    const others = this.language ? langs.filter((l) => l.language !== this.language) : [];
    const hist = this.history.get(d.id);
    const open = this.openHistory.has(d.id);
    return h(
      'li',
      { class: `doc${isNew ? ' doc-new' : ''}`, 'data-document-id': d.id, 'data-symbol': d.symbol },
      h(
        'div',
        { class: 'doc-head' },
        // Symbols read left to right in every script (UNEP/MC/COP.6/CRP.3).
        h('span', { class: 'doc-symbol', dir: 'ltr' }, d.symbol),
        isNew ? h('span', { class: 'tag tag-updated doc-new-tag' }, t('docs.new')) : null,
        h('span', { class: 'tag' }, t(`docs.type.${d.type}`)),
        d.distribution !== 'public' ? h('span', { class: 'tag tag-restricted' }, t(distributionLabel(d.distribution))) : null,
      ),
      h('p', { class: 'doc-title' }, contentText(d.title)),
      d.supersedes.length ? h('p', { class: 'doc-rel' }, t('docs.supersedes', { symbols: d.supersedes.join(', ') })) : null,
      d.supersededBy ? h('p', { class: 'doc-rel' }, t('docs.supersededBy', { symbol: d.supersededBy })) : null,
      h(
        'ul',
        { class: 'doc-files', role: 'list' },
        visible.map((l) => this.fileElement(d, l.language, l.latest)),
      ),
      others.length
        ? h(
            'p',
            { class: 'doc-other-langs' },
            others.map((l) => [this.downloadLink(d, l.language, l.latest, languageName(l.language)), ' ']),
          )
        : null,
      h(
        'details',
        {
          class: 'doc-history',
          open,
          ontoggle: (e: Event) => this.toggleHistory(d, (e.target as HTMLDetailsElement).open),
        },
        h('summary', null, t('docs.history')),
        open ? this.historyBody(d, hist) : null,
      ),
    );
  }

  private fileElement(d: DocumentDto, language: DocumentLanguage, f: DocumentFileDto): HTMLElement {
    return h(
      'li',
      { class: 'doc-file', 'data-language': language },
      h(
        'p',
        { class: 'doc-file-line' },
        this.downloadLink(d, language, f, t('docs.download')),
        ' ',
        h('span', { class: 'doc-file-lang' }, languageName(language)),
        h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
        h('span', null, f.format.toUpperCase(), ', ', formatSize(f.size)),
        f.pageCount ? [h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '), tn('docs.pages', f.pageCount)] : null,
        h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
        h('span', null, t('docs.version', { n: f.version })),
      ),
      h(
        'p',
        { class: 'doc-hash', title: t('docs.sha256Hint') },
        h('span', { class: 'doc-hash-label' }, t('docs.sha256'), ' '),
        h('code', { class: 'doc-sha256', translate: 'no' }, f.sha256),
      ),
    );
  }

  private downloadLink(d: DocumentDto, language: DocumentLanguage, f: DocumentFileDto, text: string): HTMLElement {
    return downloadLink(this.base, d, language, f, text, (message) => this.toast(message, 'error'));
  }

  /** A bundle of restricted documents needs the bearer token: fetch it, then hand the bytes over. */
  private async downloadBundle(e: Event, url: string): Promise<void> {
    if (!this.signedIn) return;
    e.preventDefault();
    try {
      await fetchAndSave(url, false, 'documents.zip');
    } catch (err) {
      this.toast(t('docs.downloadFailed', { message: errorText(err) }), 'error');
    }
  }

  private toggleHistory(d: DocumentDto, open: boolean): void {
    if (open === this.openHistory.has(d.id)) return;
    if (!open) {
      this.openHistory.delete(d.id);
      return;
    }
    this.openHistory.add(d.id);
    const el = this.groups.querySelector<HTMLElement>(`[data-document-id="${CSS.escape(d.id)}"] .doc-history`);
    if (!this.history.has(d.id) || this.history.get(d.id) === 'failed') {
      this.history.set(d.id, 'loading');
      api<DocumentDto>(`${this.base}/documents/${encodeURIComponent(d.ref)}`, { signal: this.ctx.signal })
        .then((full) => this.history.set(d.id, full))
        .catch(() => this.history.set(d.id, 'failed'))
        .finally(() => this.rerenderDocument(d.id));
    }
    if (el) el.append(this.historyBody(d, this.history.get(d.id)));
  }

  private historyBody(d: DocumentDto, hist: DocumentDto | 'loading' | 'failed' | undefined): HTMLElement {
    if (!hist || hist === 'loading') return h('p', { class: 'loading' }, t('docs.historyLoading'));
    if (hist === 'failed') return h('p', { class: 'form-error' }, t('docs.historyFailed'));
    return h(
      'div',
      { class: 'doc-history-body' },
      hist.supersedes.length ? h('p', null, t('docs.supersedes', { symbols: hist.supersedes.join(', ') })) : null,
      h(
        'ul',
        { role: 'list' },
        hist.languages.flatMap((l) =>
          (l.versions ?? [l.latest]).map((v) =>
            h(
              'li',
              null,
              this.downloadLink(d, l.language, v, `${languageName(l.language)}, ${t('docs.version', { n: v.version })}`),
              ' ',
              h('time', { datetime: v.uploadedAt }, new Date(v.uploadedAt).toLocaleString(locale())),
              ' ',
              h('code', { class: 'doc-sha256' }, v.sha256),
            ),
          ),
        ),
      ),
    );
  }

  private rerenderDocument(id: string): void {
    const d = this.docs.get(id);
    for (const el of this.groups.querySelectorAll<HTMLElement>(`[data-document-id="${CSS.escape(id)}"]`)) {
      if (d) el.replaceWith(this.documentElement(d));
    }
  }

  // ---------- live ----------

  private put(doc: DocumentDto): void {
    // A revision replaces what it supersedes in the list (which shows latest versions only).
    for (const [id, other] of this.docs) if (doc.supersedes.includes(other.symbol)) this.docs.delete(id);
    this.docs.set(doc.id, doc);
    this.history.delete(doc.id);
  }

  private onChange(event: ChangeEvent): void {
    store.set(seenKey(this.code), String(event.seq));
    if (event.kind === 'agenda-item.created' || event.kind === 'agenda-item.updated' || event.kind === 'agenda-item.deleted') {
      void this.reloadMeeting();
      return;
    }
    const d = event.document;
    if (!d) return;
    if (event.kind === 'document.updated' || event.kind === 'document.removed') {
      // A correction, or no longer visible here: read it again as this reader may see it (the
      // secretariat still sees a document withdrawn from participants; a public reader learns
      // of one just made public).
      const ref = 'ref' in d ? d.ref : this.docs.get(d.id)?.ref;
      if (ref) this.reread(d.id, ref);
      return;
    }
    if (event.kind !== 'document.published' || !('sha256' in d)) return;
    this.newIds.add(d.id);
    this.applyChange(d);
    const message = t('docs.newBadge', { symbol: shortSymbol(d.symbol), language: languageName(d.language) });
    this.toast(message, 'new');
    this.announce(message);
    // The change carries the new file; the full document (other languages, relations) follows.
    this.reread(d.id, d.ref);
  }

  /** Re-reads one document: updated in place, or dropped from the list when it may no longer be seen (404). */
  private reread(id: string, ref: string): void {
    api<DocumentDto>(`${this.base}/documents/${encodeURIComponent(ref)}`, { signal: this.ctx.signal })
      .then((doc) => {
        // one() answers with every version; the list shows the latest of each language.
        this.put(latestOnly(doc));
        this.renderFilters();
        this.renderGroups();
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 404)) return;
        this.docs.delete(id);
        this.history.delete(id);
        this.renderGroups();
      });
  }

  /** Shows the new file at once from the change itself (no request first). */
  private applyChange(c: DocumentChangeDto): void {
    const now = new Date().toISOString();
    const existing = this.docs.get(c.id);
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
      url: `${this.base}/documents/${encodeURIComponent(c.ref)}/files/${c.language}?version=${c.version}`,
    };
    const languages = (existing?.languages ?? []).filter((l) => l.language !== c.language);
    languages.push({ language: c.language, latest: file, publishedAt: now });
    this.put({
      id: c.id,
      meeting: this.code,
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
    this.renderFilters();
    this.renderGroups();
  }

  private async reloadMeeting(): Promise<void> {
    try {
      this.meeting = await api<MeetingDto>(this.base, { signal: this.ctx.signal });
      this.renderGroups();
      this.upload?.refreshItems();
    } catch {
      /* a reload will catch up */
    }
  }

  toast(text: string, tone: 'new' | 'error' | 'ok'): void {
    const el = h('p', { class: `doc-toast doc-toast-${tone}`, 'data-toast': tone }, text);
    this.toasts.prepend(el);
    while (this.toasts.childElementCount > 3) this.toasts.lastElementChild?.remove();
    window.setTimeout(() => el.remove(), TOAST_MS);
  }

  announce(text: string): void {
    window.clearTimeout(this.announceTimer);
    this.announcer.textContent = '';
    this.announceTimer = window.setTimeout(() => (this.announcer.textContent = text), 50);
  }
}

function distributionLabel(d: Distribution): MessageKey {
  return d === 'participants' ? 'docs.participantsOnly' : d === 'secretariat' ? 'docs.secretariatOnly' : 'docs.public';
}

// ---------- the secretariat's upload form ----------

class UploadForm {
  private readonly el = h('section', { class: 'upload', 'aria-labelledby': 'upload-title', id: 'upload' });
  private readonly progress = h('progress', {
    id: 'upload-progress',
    max: 100,
    value: 0,
    hidden: true,
    'aria-label': t('upload.progress'),
  });
  private readonly status = h('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite', id: 'upload-status' });
  private readonly items = h('fieldset', { class: 'upload-items' });
  private busy = false;

  constructor(
    private readonly view: DocumentsView,
    private readonly meeting: () => MeetingDto,
  ) {}

  render(): HTMLElement {
    const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: id }, label),
        input,
        hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null,
      );
    this.refreshItems();
    replaceChildren(
      this.el,
      h('h2', { id: 'upload-title' }, t('upload.title')),
      h('p', { class: 'page-intro' }, t('upload.intro')),
      h(
        'form',
        { class: 'upload-form', novalidate: true, onsubmit: (e: Event) => void this.submit(e) },
        field(
          'upload-symbol',
          t('upload.symbol'),
          h('input', {
            type: 'text',
            id: 'upload-symbol',
            name: 'symbol',
            required: true,
            autocomplete: 'off',
            spellcheck: 'false',
            'aria-describedby': 'upload-symbol-hint',
          }),
          t('upload.symbolHint'),
        ),
        field(
          'upload-title-en',
          t('upload.titleEn'),
          h('input', { type: 'text', id: 'upload-title-en', name: 'title-en', required: true, lang: 'en' }),
        ),
        h(
          'details',
          { class: 'upload-titles' },
          h('summary', null, t('upload.otherTitles')),
          UN_LANGUAGES.filter((l) => l !== 'en').map((l) =>
            field(
              `upload-title-${l}`,
              t('upload.titleIn', { language: languageName(l) }),
              h('input', { type: 'text', id: `upload-title-${l}`, name: `title-${l}`, lang: l, dir: LANGUAGE_INFO[l].direction }),
            ),
          ),
        ),
        h(
          'div',
          { class: 'upload-row' },
          field(
            'upload-type',
            t('docs.type'),
            h(
              'select',
              { id: 'upload-type', name: 'type' },
              h('option', { value: '' }, t('docs.typeFromSymbol')),
              TYPES.map((ty) => h('option', { value: ty }, t(`docs.type.${ty}`))),
            ),
          ),
          field(
            'upload-distribution',
            t('docs.distribution'),
            h(
              'select',
              { id: 'upload-distribution', name: 'distribution' },
              DISTRIBUTIONS.map((d) => h('option', { value: d }, t(distributionLabel(d)))),
            ),
          ),
          field(
            'upload-language',
            t('upload.language'),
            h(
              'select',
              { id: 'upload-language', name: 'language' },
              LANGUAGES.map((l) => h('option', { value: l, selected: l === 'en' }, languageName(l))),
            ),
          ),
        ),
        this.items,
        field(
          'upload-file',
          t('upload.file'),
          h('input', { id: 'upload-file', name: 'file', type: 'file', required: true, accept: '.pdf,.docx,.xlsx,' + UPLOADABLE.join(',') }),
        ),
        h(
          'p',
          { class: 'upload-actions' },
          h('button', { type: 'submit', class: 'button button-primary', id: 'upload-submit' }, t('upload.submit')),
        ),
        this.progress,
        this.status,
      ),
    );
    return this.el;
  }

  refreshItems(): void {
    const checked = new Set([...this.items.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value));
    replaceChildren(
      this.items,
      h('legend', null, t('upload.agendaItems')),
      this.meeting().agendaItems.map((item) =>
        h(
          'label',
          { class: 'checkbox' },
          h('input', { type: 'checkbox', name: 'agendaItem', value: item.id, checked: checked.has(item.id) }),
          ' ',
          t('docs.item', { number: item.number }),
          h('span', { class: 'muted' }, ' · ', contentText(item.title)),
        ),
      ),
    );
  }

  private value(name: string): string {
    return (this.el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '').trim();
  }

  private say(text: string, tone: 'info' | 'error' | 'ok'): void {
    this.status.dataset.tone = tone;
    this.status.className = `upload-status${tone === 'error' ? ' form-error' : ''}`;
    this.status.textContent = text;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const symbol = this.value('symbol');
    const file = this.el.querySelector<HTMLInputElement>('#upload-file')?.files?.[0];
    const titleEn = this.value('title-en');
    if (!symbol || !titleEn || !file) {
      this.say(t('upload.missing'), 'error');
      return;
    }
    const language = this.value('language') as DocumentLanguage;
    const title: Record<string, string> = { en: titleEn };
    for (const l of UN_LANGUAGES) if (l !== 'en' && this.value(`title-${l}`)) title[l] = this.value(`title-${l}`);
    const type = this.value('type');
    const body = {
      symbol,
      title,
      ...(type ? { type } : {}),
      distribution: this.value('distribution'),
      agendaItemIds: [...this.items.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value),
    };
    const button = this.el.querySelector<HTMLButtonElement>('#upload-submit')!;
    this.busy = true;
    button.disabled = true;
    let note = '';
    try {
      this.say(t('upload.creating'), 'info');
      let ref: string;
      try {
        ref = (await api<DocumentDto>(`${this.view.apiBase}/documents`, { method: 'POST', body })).ref;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
        // The document exists: this file is its next version in the language.
        ref = symbol.replace(/\//g, '-');
        note = t('upload.exists', { symbol, language: languageName(language) });
      }
      const result = await this.put(`${this.view.apiBase}/documents/${encodeURIComponent(ref)}/files/${language}`, file);
      const doc = { ...result.document, languages: result.document.languages.map(({ versions: _versions, ...l }) => l) };
      this.view.stored(doc);
      this.say(
        [note, t('upload.done', { symbol: doc.symbol, language: languageName(language), version: result.file.version })]
          .filter(Boolean)
          .join(' '),
        'ok',
      );
      (this.el.querySelector('#upload-file') as HTMLInputElement).value = '';
    } catch (err) {
      this.progress.hidden = true;
      this.say(err instanceof NetworkError ? t('upload.network') : t('upload.failed', { message: errorText(err) }), 'error');
    } finally {
      this.busy = false;
      button.disabled = false;
    }
  }

  /** PUT the file with XMLHttpRequest, for its upload progress events. */
  private put(url: string, file: File): Promise<{ document: DocumentDto; file: DocumentFileDto }> {
    this.progress.hidden = false;
    this.progress.value = 0;
    this.say(t('upload.uploading', { percent: 0 }), 'info');
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      xhr.setRequestHeader('content-type', UPLOADABLE.includes(file.type) ? file.type : 'application/octet-stream');
      xhr.setRequestHeader('accept', 'application/json');
      const token = auth.token();
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      let lastPercent = -1;
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.floor((e.loaded / e.total) * 100);
        this.progress.value = percent;
        // Screen readers hear every tenth, not every event.
        if (Math.floor(percent / 10) !== Math.floor(lastPercent / 10)) this.say(t('upload.uploading', { percent }), 'info');
        lastPercent = percent;
      };
      xhr.onerror = () => reject(new NetworkError('upload failed'));
      xhr.onabort = () => reject(new NetworkError('upload aborted'));
      xhr.onload = () => {
        let parsed: unknown;
        try {
          parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          parsed = xhr.responseText;
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          this.progress.value = 100;
          resolve(parsed as { document: DocumentDto; file: DocumentFileDto });
          return;
        }
        if (xhr.status === 401) auth.signOut();
        const message = (parsed as { message?: unknown } | null)?.message;
        reject(new ApiError(xhr.status, typeof message === 'string' ? message : t('error.server', { status: xhr.status }), parsed));
      };
      xhr.send(file);
    });
  }
}
