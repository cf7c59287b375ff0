/** The six official languages of the United Nations, in UN protocol order. */
export const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];

export interface LanguageInfo {
  code: UnLanguage;
  /** The language's name in its own script, as shown on language pickers. */
  name: string;
  english: string;
  direction: 'ltr' | 'rtl';
  /** Letter used in UN document file names (UNEP-MC-COP.6-INF-26-E.pdf). */
  fileSuffix: string;
}

export const LANGUAGE_INFO: Record<UnLanguage, LanguageInfo> = {
  ar: { code: 'ar', name: 'العربية', english: 'Arabic', direction: 'rtl', fileSuffix: 'A' },
  zh: { code: 'zh', name: '中文', english: 'Chinese', direction: 'ltr', fileSuffix: 'C' },
  en: { code: 'en', name: 'English', english: 'English', direction: 'ltr', fileSuffix: 'E' },
  fr: { code: 'fr', name: 'Français', english: 'French', direction: 'ltr', fileSuffix: 'F' },
  ru: { code: 'ru', name: 'Русский', english: 'Russian', direction: 'ltr', fileSuffix: 'R' },
  es: { code: 'es', name: 'Español', english: 'Spanish', direction: 'ltr', fileSuffix: 'S' },
};

/** Text given in any of the six languages; English is always present. */
export type LocalizedText = { en: string } & Partial<Record<UnLanguage, string>>;

/** Picks the text in `lang`, falling back to English; `fallback` tells the UI to mark it. */
export function pickText(text: LocalizedText, lang: UnLanguage): { text: string; lang: UnLanguage; fallback: boolean } {
  const own = text[lang];
  if (own) return { text: own, lang, fallback: false };
  return { text: text.en, lang: 'en', fallback: lang !== 'en' };
}
