import { LANGUAGE_INFO, pickText, type LocalizedText } from '@cop/contracts/languages';
import { lang, t, uiLang } from './i18n';

/**
 * Content text (a meeting, agenda item or document title) in the chosen language, or in English
 * marked "in English" when there is none: an inline element in the text's own lang and dir, so
 * the block around it keeps the page's direction. The component twin of ui.ts contentText().
 */
export function ContentText({ text, class: cls }: { text: LocalizedText; class?: string }) {
  const picked = pickText(text, lang());
  const ui = uiLang();
  return (
    <>
      <span class={cls} lang={picked.lang} dir={LANGUAGE_INFO[picked.lang].direction}>
        {picked.text}
      </span>
      {picked.fallback ? (
        <>
          {' '}
          <span class="tag fallback-mark" lang={ui} dir={LANGUAGE_INFO[ui].direction} title={t('schedule.fallbackTitle')}>
            {t('app.inEnglish')}
          </span>
        </>
      ) : null}
    </>
  );
}
