import type { AgendaItemDto } from '@cop/contracts/calendar';
import type { DocumentDto, DocumentFileDto, DocumentLanguage } from '@cop/contracts/documents';
import type { LocalizedText, UnLanguage } from '@cop/contracts/languages';
import { errorText, fetchAndSave, languageName } from '../../doc-links';
import { DownloadLink } from '../../document-summary';
import { formatSize } from '../../file-size';
import { lang, locale, t, tn } from '../../i18n';
import { DocumentEditor } from './document-editor';
import type { Documents, HistoryState } from './documents-state';
import { ContentText, distributionLabel, DOCUMENT_LANGUAGES, Sep } from './shared';

const NO_ITEM = '';

interface Group {
  id: string;
  heading: string;
  title: LocalizedText | null;
  docs: DocumentDto[];
  number: string | null;
}

/** Agenda items in the meeting's order, then "Other documents". */
export function DocumentGroups({ docs }: { docs: Documents }) {
  const all = docs.docs.value;
  const type = docs.type.value;
  const distribution = docs.distribution.value;
  const language = docs.language.value;
  const shown = [...all.values()]
    .filter(
      (d) =>
        (!type || d.type === type) &&
        (!distribution || d.distribution === distribution) &&
        (!language || d.languages.some((l) => l.language === language)),
    )
    .sort((a, b) => a.symbol.localeCompare(b.symbol, 'en', { numeric: true }));
  const byItem = new Map<string, DocumentDto[]>();
  for (const d of shown) {
    const items = d.agendaItems.length ? d.agendaItems.map((a) => a.id) : [NO_ITEM];
    for (const id of items) byItem.set(id, [...(byItem.get(id) ?? []), d]);
  }
  const items: AgendaItemDto[] = [...docs.meeting.value.agendaItems].sort((a, b) =>
    a.number.localeCompare(b.number, 'en', { numeric: true }),
  );
  const groups: Group[] = [];
  for (const item of items) {
    const list = byItem.get(item.id);
    if (list?.length)
      groups.push({ id: item.id, heading: t('docs.item', { number: item.number }), title: item.title, docs: list, number: item.number });
  }
  // Documents naming an item this page does not know yet (added since it loaded).
  for (const [id, list] of byItem) {
    if (id === NO_ITEM || items.some((i) => i.id === id)) continue;
    const number = list[0].agendaItems.find((a) => a.id === id)?.number ?? '?';
    groups.push({ id, heading: t('docs.item', { number }), title: null, docs: list, number });
  }
  const rest = byItem.get(NO_ITEM);
  if (rest?.length) groups.push({ id: NO_ITEM, heading: t('docs.noItem'), title: null, docs: rest, number: null });
  return (
    <div class="doc-groups">
      {groups.length ? (
        groups.map((g) => <DocumentGroup key={g.id || 'other'} group={g} docs={docs} />)
      ) : (
        <p class="empty">{all.size ? t('docs.emptyFiltered') : t('docs.empty')}</p>
      )}
    </div>
  );
}

function DocumentGroup({ group, docs }: { group: Group; docs: Documents }) {
  const { id, number } = group;
  const headingId = `doc-group-${id || 'other'}`;
  const bundleLang: DocumentLanguage = docs.language.value || (lang() as UnLanguage);
  const bundleUrl = id ? `${docs.apiBase}/document-bundles/${encodeURIComponent(id)}?language=${bundleLang}` : null;
  /** A bundle of restricted documents needs the bearer token: fetch it, then hand the bytes over. */
  const downloadBundle = async (e: Event, url: string) => {
    if (!docs.signedIn) return;
    e.preventDefault();
    try {
      await fetchAndSave(url, false, 'documents.zip');
    } catch (err) {
      docs.toast(t('docs.downloadFailed', { message: errorText(err) }), 'error');
    }
  };
  return (
    <section class="doc-group" aria-labelledby={headingId} data-agenda-item={id || 'none'}>
      <div class="doc-group-head">
        <h3 id={headingId} class="doc-group-title">
          {group.heading}
          {group.title ? (
            <>
              <Sep />
              <ContentText text={group.title} />
            </>
          ) : null}
        </h3>
        <span class="doc-group-count">{tn('docs.count', group.docs.length)}</span>
        {bundleUrl && number !== null ? (
          <a
            class="doc-bundle"
            href={bundleUrl}
            download=""
            data-bundle={bundleLang}
            // The visible text is the name (WCAG 2.5.3, label in name); the group's heading says which item.
            aria-describedby={headingId}
            onClick={(e) => void downloadBundle(e, bundleUrl)}
          >
            {t('docs.bundle', { language: languageName(bundleLang) })}
          </a>
        ) : null}
      </div>
      <ul class="doc-list" role="list">
        {group.docs.map((d) => (
          <DocumentItem key={d.id} d={d} docs={docs} />
        ))}
      </ul>
    </section>
  );
}

function DocumentItem({ d, docs }: { d: DocumentDto; docs: Documents }) {
  const language = docs.language.value;
  const isNew = docs.newIds.value.has(d.id);
  // The preferred language first, then the rest in UN order.
  const langs = [...d.languages].sort(
    (a, b) =>
      Number(b.language === language) - Number(a.language === language) ||
      DOCUMENT_LANGUAGES.indexOf(a.language) - DOCUMENT_LANGUAGES.indexOf(b.language),
  );
  const visible = language ? langs.filter((l) => l.language === language) : langs;
  const others = language ? langs.filter((l) => l.language !== language) : [];
  const open = docs.openHistory.value.has(d.id);
  const onError = (message: string) => docs.toast(message, 'error');
  return (
    <li class={`doc${isNew ? ' doc-new' : ''}`} data-document-id={d.id} data-symbol={d.symbol}>
      <div class="doc-head">
        {/* Symbols read left to right in every script (UNEP/MC/COP.6/CRP.3). */}
        <span class="doc-symbol" dir="ltr">
          {d.symbol}
        </span>
        {isNew ? <span class="tag tag-updated doc-new-tag">{t('docs.new')}</span> : null}
        <span class="tag">{t(`docs.type.${d.type}`)}</span>
        {d.distribution !== 'public' ? <span class="tag tag-restricted">{t(distributionLabel(d.distribution))}</span> : null}
      </div>
      <p class="doc-title">
        <ContentText text={d.title} />
      </p>
      {d.supersedes.length ? <p class="doc-rel">{t('docs.supersedes', { symbols: d.supersedes.join(', ') })}</p> : null}
      {d.supersededBy ? <p class="doc-rel">{t('docs.supersededBy', { symbol: d.supersededBy })}</p> : null}
      <ul class="doc-files" role="list">
        {visible.map((l) => (
          <FileItem key={l.language} base={docs.apiBase} d={d} language={l.language} f={l.latest} onError={onError} />
        ))}
      </ul>
      {others.length ? (
        <p class="doc-other-langs">
          {others.map((l) => (
            <>
              <DownloadLink
                base={docs.apiBase}
                doc={d}
                language={l.language}
                file={l.latest}
                text={languageName(l.language)}
                onError={onError}
              />{' '}
            </>
          ))}
        </p>
      ) : null}
      <details class="doc-history" open={open} onToggle={(e) => docs.toggleHistory(d, e.currentTarget.open)}>
        <summary>{t('docs.history')}</summary>
        {open ? <HistoryBody base={docs.apiBase} d={d} hist={docs.histories.value.get(d.id)} onError={onError} /> : null}
      </details>
      {docs.secretariat ? <DocumentEditor d={d} docs={docs} /> : null}
    </li>
  );
}

function FileItem(props: { base: string; d: DocumentDto; language: DocumentLanguage; f: DocumentFileDto; onError: (m: string) => void }) {
  const { d, language, f } = props;
  return (
    <li class="doc-file" data-language={language}>
      <p class="doc-file-line">
        <DownloadLink base={props.base} doc={d} language={language} file={f} text={t('docs.download')} onError={props.onError} />{' '}
        <span class="doc-file-lang">{languageName(language)}</span>
        <Sep />
        <span>
          {f.format.toUpperCase()}
          {', '}
          {formatSize(f.size)}
        </span>
        {f.pageCount ? (
          <>
            <Sep />
            {tn('docs.pages', f.pageCount)}
          </>
        ) : null}
        <Sep />
        <span>{t('docs.version', { n: f.version })}</span>
      </p>
      <p class="doc-hash" title={t('docs.sha256Hint')}>
        <span class="doc-hash-label">{t('docs.sha256')} </span>
        <code class="doc-sha256" translate={false}>
          {f.sha256}
        </code>
      </p>
    </li>
  );
}

function HistoryBody(props: { base: string; d: DocumentDto; hist: HistoryState | undefined; onError: (m: string) => void }) {
  const { d, hist } = props;
  if (!hist || hist === 'loading') return <p class="loading">{t('docs.historyLoading')}</p>;
  if (hist === 'failed') return <p class="form-error">{t('docs.historyFailed')}</p>;
  return (
    <div class="doc-history-body">
      {hist.supersedes.length ? <p>{t('docs.supersedes', { symbols: hist.supersedes.join(', ') })}</p> : null}
      <ul role="list">
        {hist.languages.flatMap((l) =>
          (l.versions ?? [l.latest]).map((v) => (
            <li>
              <DownloadLink
                base={props.base}
                doc={d}
                language={l.language}
                file={v}
                text={`${languageName(l.language)}, ${t('docs.version', { n: v.version })}`}
                onError={props.onError}
              />{' '}
              <time dateTime={v.uploadedAt}>{new Date(v.uploadedAt).toLocaleString(locale())}</time>{' '}
              <code class="doc-sha256">{v.sha256}</code>
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
