import type { DocumentDto } from '@cop/contracts/documents';
import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { languageName, latestOnly } from '../../doc-links';
import { t } from '../../i18n';
import type { Documents } from './documents-state';
import { ContentText, DISTRIBUTIONS, distributionLabel, DOCUMENT_TYPES } from './shared';

type Tone = 'ok' | 'error';

/**
 * The secretariat's corrections to one document: its symbol, titles in the six languages, type, agenda
 * items and distribution (PATCH with If-Match: its edit revision), and withdrawal, which narrows
 * the distribution to the secretariat. When someone else saved first (412), the form is filled
 * again from their version and says so.
 */
export function DocumentEditor({ d, docs }: { d: DocumentDto; docs: Documents }) {
  const open = useSignal(false);
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const status = useSignal<{ text: string; tone: Tone } | null>(null);
  const generation = useSignal(0);
  const form = useRef<HTMLFormElement>(null);
  const url = `${docs.apiBase}/documents/${encodeURIComponent(d.ref)}`;
  const idBase = `doc-edit-${d.id}`;

  const patch = async (body: Record<string, unknown>, done: string, symbol?: string) => {
    busy.value = true;
    try {
      let at = { url, revision: d.editRevision };
      if (symbol) {
        // A new symbol is its own request (the address changes); the rest follows at the new one.
        const renamed = await api<DocumentDto>(`${url}/symbol`, {
          method: 'PUT',
          body: { symbol },
          headers: { 'if-match': `"${d.editRevision}"` },
        });
        at = { url: `${docs.apiBase}/documents/${encodeURIComponent(renamed.ref)}`, revision: renamed.editRevision };
      }
      const updated = await api<DocumentDto>(at.url, { method: 'PATCH', body, headers: { 'if-match': `"${at.revision}"` } });
      docs.put(latestOnly(updated));
      status.value = { text: done, tone: 'ok' };
      open.value = false;
      confirming.value = false;
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        const current = await api<DocumentDto>(url).catch(() => null);
        if (current) docs.put(latestOnly(current));
        generation.value++; // the form shows their version
        status.value = { text: t('docs.editConflict', { symbol: d.symbol }), tone: 'error' };
      } else if (err instanceof ApiError && (err.status === 400 || err.status === 409))
        status.value = { text: t('upload.error.symbol', { message: err.message }), tone: 'error' };
      else status.value = { text: t('docs.editFailed'), tone: 'error' };
    } finally {
      busy.value = false;
    }
  };

  const onSave = (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const val = (name: string) => ((f.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
    const title: Record<string, string> = {};
    for (const l of UN_LANGUAGES) if (val(`title-${l}`)) title[l] = val(`title-${l}`);
    if (!title.en) {
      status.value = { text: t('upload.missing'), tone: 'error' };
      return;
    }
    const symbol = val('symbol');
    const agendaItemIds = [...f.querySelectorAll<HTMLInputElement>('input[name="agendaItem"]:checked')].map((i) => i.value);
    const body = { title, type: val('type'), distribution: val('distribution'), agendaItemIds };
    void patch(body, t('docs.saved', { symbol: symbol || d.symbol }), symbol && symbol !== d.symbol ? symbol : undefined);
  };

  const s = status.value;
  const statusLine = (
    <p class={`doc-edit-status${s?.tone === 'error' ? ' form-error' : ''}`} role="status" aria-live="polite" data-tone={s?.tone}>
      {s?.text ?? ''}
    </p>
  );
  if (!open.value)
    return (
      <div class="doc-edit-actions">
        <button type="button" class="button" data-edit={d.symbol} onClick={() => ((open.value = true), (status.value = null))}>
          {t('docs.edit')}
        </button>{' '}
        {d.distribution === 'secretariat' ? null : confirming.value ? (
          <span class="doc-withdraw-confirm">
            {t('docs.withdrawConfirm', { symbol: d.symbol })}{' '}
            <button
              type="button"
              class="button button-danger"
              data-withdraw-confirm={d.symbol}
              disabled={busy.value}
              onClick={() => void patch({ distribution: 'secretariat' }, t('docs.withdrawn', { symbol: d.symbol }))}
            >
              {t('docs.withdraw')}
            </button>{' '}
            <button type="button" class="link-button" onClick={() => (confirming.value = false)}>
              {t('docs.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="button" data-withdraw={d.symbol} onClick={() => (confirming.value = true)}>
            {t('docs.withdraw')}
          </button>
        )}
        {statusLine}
      </div>
    );
  const linked = new Set(d.agendaItems.map((a) => a.id));
  return (
    <form
      ref={form}
      key={generation.value}
      class="doc-edit"
      aria-label={t('docs.editTitle', { symbol: d.symbol })}
      onSubmit={onSave}
      novalidate
    >
      <div class="field">
        <label for={`${idBase}-symbol`}>{t('upload.symbol')}</label>
        <input type="text" id={`${idBase}-symbol`} name="symbol" value={d.symbol} dir="ltr" autocomplete="off" spellcheck={false} />
      </div>
      {UN_LANGUAGES.map((l) => (
        <div class="field">
          <label for={`${idBase}-title-${l}`}>{t('upload.titleIn', { language: languageName(l) })}</label>
          <input
            type="text"
            id={`${idBase}-title-${l}`}
            name={`title-${l}`}
            lang={l}
            dir={LANGUAGE_INFO[l].direction}
            value={(d.title as Record<string, string | undefined>)[l] ?? ''}
          />
        </div>
      ))}
      <div class="upload-row">
        <div class="field">
          <label for={`${idBase}-type`}>{t('docs.type')}</label>
          <select id={`${idBase}-type`} name="type">
            {DOCUMENT_TYPES.map((ty) => (
              <option value={ty} selected={ty === d.type}>
                {t(`docs.type.${ty}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${idBase}-distribution`}>{t('docs.distribution')}</label>
          <select id={`${idBase}-distribution`} name="distribution">
            {DISTRIBUTIONS.map((x) => (
              <option value={x} selected={x === d.distribution}>
                {t(distributionLabel(x))}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="upload-items">
        <legend>{t('upload.agendaItems')}</legend>
        {docs.meeting.value.agendaItems.map((item) => (
          <label key={item.id} class="checkbox">
            <input type="checkbox" name="agendaItem" value={item.id} checked={linked.has(item.id)} />{' '}
            {t('docs.item', { number: item.number })}
            <span class="muted">
              {' · '}
              <ContentText text={item.title} />
            </span>
          </label>
        ))}
      </fieldset>
      <p class="upload-actions">
        <button type="submit" class="button button-primary" data-save={d.symbol} disabled={busy.value}>
          {t('docs.save')}
        </button>{' '}
        <button type="button" class="link-button" onClick={() => (open.value = false)}>
          {t('docs.cancel')}
        </button>
      </p>
      {statusLine}
    </form>
  );
}
