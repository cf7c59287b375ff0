import type { DocumentDto, DocumentListDto } from '@cop/contracts/documents';
import { LANGUAGE_INFO, pickText } from '@cop/contracts/languages';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { lang, t } from '../../i18n';
import type { Documents } from './documents-state';

/** Typing pauses this long before the search goes out (and the address changes). */
const DEBOUNCE_MS = 300;

type Results = DocumentDto[] | 'loading' | 'failed';

/** The words of a query, for marking them in titles (the API's stemming may match more). */
const termsOf = (q: string) => q.split(/\s+/).filter((w) => w.length > 1);

/** `text` with each occurrence of a term in <mark>. */
function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  if (!terms.length) return <>{text}</>;
  const pattern = new RegExp(`(${terms.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return <>{text.split(pattern).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}</>;
}

/**
 * Full-text search over the meeting's documents (titles, symbols and extracted text, with each
 * language's text search): debounced, kept in the address (?q=) so a reload or a shared link
 * shows the same results, and saying so when nothing matches.
 */
export function DocumentSearch({ docs }: { docs: Documents }) {
  const { query } = docs;
  const results = useSignal<Results | null>(null);

  useEffect(() => {
    const q = query.value.trim();
    const url = new URL(window.location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
    if (!q) {
      results.value = null;
      return;
    }
    results.value = 'loading';
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      api<DocumentListDto>(`${docs.apiBase}/documents?q=${encodeURIComponent(q)}`, { signal: abort.signal }).then(
        (list) => (results.value = list.documents),
        (e: unknown) => {
          if ((e as Error).name !== 'AbortError') results.value = 'failed';
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [query.value]);

  const q = query.value.trim();
  const r = results.value;
  const terms = termsOf(q);
  return (
    <section class="doc-search" aria-labelledby="doc-search-label">
      <div class="field">
        <label for="doc-search" id="doc-search-label">
          {t('docs.search')}
        </label>
        <input
          type="search"
          id="doc-search"
          name="q"
          value={query.value}
          autocomplete="off"
          aria-describedby="doc-search-hint"
          aria-controls="doc-search-results"
          onInput={(e) => (query.value = e.currentTarget.value)}
        />
        <p class="field-hint" id="doc-search-hint">
          {t('docs.searchHint')}
        </p>
      </div>
      <div
        id="doc-search-results"
        aria-live="polite"
        data-search-state={!q ? 'idle' : Array.isArray(r) ? (r.length ? 'results' : 'none') : r}
      >
        {!q ? null : r === 'loading' || r === null ? (
          <p class="muted">{t('docs.searching')}</p>
        ) : r === 'failed' ? (
          <p class="form-error">{t('docs.searchFailed')}</p>
        ) : !r.length ? (
          <p class="empty" data-no-results="">
            {t('docs.noResults', { query: q })}
          </p>
        ) : (
          <>
            <h3 class="doc-search-heading">{t('docs.searchResults', { query: q })}</h3>
            <ul class="doc-search-list">
              {r.map((d) => {
                const title = pickText(d.title, lang());
                return (
                  <li key={d.id} data-result-symbol={d.symbol}>
                    <span class="doc-symbol" dir="ltr">
                      <Highlighted text={d.symbol} terms={terms} />
                    </span>{' '}
                    <span lang={title.lang} dir={LANGUAGE_INFO[title.lang].direction}>
                      <Highlighted text={title.text} terms={terms} />
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
