import type { DocumentDto, DocumentFileDto, DocumentLanguage } from '@cop/contracts/documents';
import { symbolRef } from '@cop/contracts/documents';
import { UN_LANGUAGES, LANGUAGE_INFO } from '@cop/contracts/languages';
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { ApiError, NetworkError, api, apiUpload } from '../../api';
import { languageName } from '../../doc-links';
import { t } from '../../i18n';
import type { Documents } from './documents-state';
import { uploadErrorText } from './upload-errors';
import { ContentText, DISTRIBUTIONS, distributionLabel, DOCUMENT_LANGUAGES, DOCUMENT_TYPES, UPLOADABLE } from './shared';

type Tone = 'info' | 'error' | 'ok';

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The secretariat's upload form: a new document (or the next version of one) in one language. */
export function UploadForm({ docs }: { docs: Documents }) {
  const form = useRef<HTMLFormElement>(null);
  const status = useSignal<{ text: string; tone: Tone } | null>(null);
  const progress = useSignal<number | null>(null);
  const busy = useSignal(false);

  const say = (text: string, tone: Tone) => (status.value = { text, tone });
  const value = (name: string) =>
    ((form.current!.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();

  /** PUT the file, saying how far it is (screen readers hear every tenth, not every event). */
  const upload = async (url: string, file: File) => {
    progress.value = 0;
    say(t('upload.uploading', { percent: 0 }), 'info');
    let lastPercent = -1;
    const contentType = UPLOADABLE.includes(file.type) ? file.type : 'application/octet-stream';
    const result = await apiUpload<{ document: DocumentDto; file: DocumentFileDto }>(url, file, contentType, (percent) => {
      progress.value = percent;
      if (Math.floor(percent / 10) !== Math.floor(lastPercent / 10)) say(t('upload.uploading', { percent }), 'info');
      lastPercent = percent;
    });
    progress.value = 100;
    return result;
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const fileInput = form.current!.querySelector<HTMLInputElement>('#upload-file')!;
    const symbol = value('symbol');
    const file = fileInput.files?.[0];
    const titleEn = value('title-en');
    if (!symbol || !titleEn || !file) {
      say(t('upload.missing'), 'error');
      return;
    }
    const language = value('language') as DocumentLanguage;
    const title: Record<string, string> = { en: titleEn };
    for (const l of UN_LANGUAGES) if (l !== 'en' && value(`title-${l}`)) title[l] = value(`title-${l}`);
    const type = value('type');
    const body = {
      symbol,
      title,
      ...(type ? { type } : {}),
      distribution: value('distribution'),
      agendaItemIds: [...form.current!.querySelectorAll<HTMLInputElement>('.upload-items input:checked')].map((i) => i.value),
    };
    busy.value = true;
    let note = '';
    /** The document this submission created: removed again if its first file does not get through. */
    let created: string | null = null;
    try {
      say(t('upload.creating'), 'info');
      let ref: string;
      try {
        ref = (await api<DocumentDto>(`${docs.apiBase}/documents`, { method: 'POST', body })).ref;
        created = ref;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 409)) throw err;
        // The document exists: this file is its next version in the language.
        ref = symbolRef(symbol);
        note = t('upload.exists', { symbol, language: languageName(language) });
      }
      const result = await upload(`${docs.apiBase}/documents/${encodeURIComponent(ref)}/files/${language}`, file);
      const doc = { ...result.document, languages: result.document.languages.map(({ versions: _versions, ...l }) => l) };
      // Shown at once, even when the feed does not carry it.
      docs.put(doc);
      say(
        [note, t('upload.done', { symbol: doc.symbol, language: languageName(language), version: result.file.version })]
          .filter(Boolean)
          .join(' '),
        'ok',
      );
      fileInput.value = '';
    } catch (err) {
      progress.value = null;
      // No empty document left behind: the API deletes it only while it has no file.
      if (created) await api(`${docs.apiBase}/documents/${encodeURIComponent(created)}`, { method: 'DELETE' }).catch(() => undefined);
      say(err instanceof NetworkError ? t('upload.network') : t('upload.failed', { message: uploadErrorText(err) }), 'error');
    } finally {
      busy.value = false;
    }
  };

  const s = status.value;
  return (
    <section class="upload" aria-labelledby="upload-title" id="upload">
      <h2 id="upload-title">{t('upload.title')}</h2>
      <p class="page-intro">{t('upload.intro')}</p>
      <form ref={form} class="upload-form" novalidate onSubmit={(e) => void onSubmit(e)}>
        <Field id="upload-symbol" label={t('upload.symbol')} hint={t('upload.symbolHint')}>
          <input
            type="text"
            id="upload-symbol"
            name="symbol"
            required
            autocomplete="off"
            spellcheck={false}
            aria-describedby="upload-symbol-hint"
          />
        </Field>
        <Field id="upload-title-en" label={t('upload.titleEn')}>
          <input type="text" id="upload-title-en" name="title-en" required lang="en" />
        </Field>
        <details class="upload-titles">
          <summary>{t('upload.otherTitles')}</summary>
          {UN_LANGUAGES.filter((l) => l !== 'en').map((l) => (
            <Field id={`upload-title-${l}`} label={t('upload.titleIn', { language: languageName(l) })}>
              <input type="text" id={`upload-title-${l}`} name={`title-${l}`} lang={l} dir={LANGUAGE_INFO[l].direction} />
            </Field>
          ))}
        </details>
        <div class="upload-row">
          <Field id="upload-type" label={t('docs.type')}>
            <select id="upload-type" name="type">
              <option value="">{t('docs.typeFromSymbol')}</option>
              {DOCUMENT_TYPES.map((ty) => (
                <option value={ty}>{t(`docs.type.${ty}`)}</option>
              ))}
            </select>
          </Field>
          <Field id="upload-distribution" label={t('docs.distribution')}>
            <select id="upload-distribution" name="distribution">
              {DISTRIBUTIONS.map((d) => (
                <option value={d}>{t(distributionLabel(d))}</option>
              ))}
            </select>
          </Field>
          <Field id="upload-language" label={t('upload.language')}>
            <select id="upload-language" name="language">
              {DOCUMENT_LANGUAGES.map((l) => (
                <option value={l} selected={l === 'en'}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset class="upload-items">
          <legend>{t('upload.agendaItems')}</legend>
          {docs.meeting.value.agendaItems.map((item) => (
            <label key={item.id} class="checkbox">
              <input type="checkbox" name="agendaItem" value={item.id} /> {t('docs.item', { number: item.number })}
              <span class="muted">
                {' · '}
                <ContentText text={item.title} />
              </span>
            </label>
          ))}
        </fieldset>
        <Field id="upload-file" label={t('upload.file')}>
          <input id="upload-file" name="file" type="file" required accept={'.pdf,.docx,.xlsx,' + UPLOADABLE.join(',')} />
        </Field>
        <p class="upload-actions">
          <button type="submit" class="button button-primary" id="upload-submit" disabled={busy.value}>
            {t('upload.submit')}
          </button>
        </p>
        <progress
          id="upload-progress"
          max={100}
          value={progress.value ?? 0}
          hidden={progress.value === null}
          aria-label={t('upload.progress')}
        />
        <p
          class={`upload-status${s?.tone === 'error' ? ' form-error' : ''}`}
          role="status"
          aria-live="polite"
          id="upload-status"
          data-tone={s?.tone}
        >
          {s?.text ?? ''}
        </p>
      </form>
    </section>
  );
}
