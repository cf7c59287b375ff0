import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import { en } from './locales/en';
import { KEYS, store } from './storage';

/**
 * The portal's interface strings. English is the source, lives in the main bundle and is the
 * fallback; every other UN language is a complete dictionary in ./locales/<code>.ts, loaded with a
 * dynamic import only when that language is chosen (so the schedule bundle carries one language).
 * Placeholders are {name}; plural forms are keys ending in .one / .other, and each language has
 * exactly the categories Intl.PluralRules gives it (zero, one, two, few, many, other for Arabic;
 * one, few, many, other for Russian; other only for Chinese) — test/portal/i18n.spec.ts checks.
 */

export { en };

export type MessageKey = keyof typeof en;

/** A plural is a key with .one and .other forms in English ('type.other' alone is just a word). */
type PluralBase<K extends string> = K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
export type PluralKey = PluralBase<MessageKey>;
type PluralFormKey = `${PluralKey}.${Intl.LDMLPluralRule}`;

/**
 * A translation: every key but the plural forms, which differ by language (only .other is
 * required by the type; the unit test checks each language has its Intl.PluralRules categories).
 */
export type Dictionary = Record<Exclude<MessageKey, PluralFormKey>, string> &
  Record<`${PluralKey}.other`, string> &
  Partial<Record<PluralFormKey, string>>;

/** Each language's dictionary, in a chunk of its own (English is above, always loaded). */
export const TRANSLATIONS: Record<Exclude<UnLanguage, 'en'>, () => Promise<{ default: Dictionary }>> = {
  ar: () => import('./locales/ar'),
  zh: () => import('./locales/zh'),
  fr: () => import('./locales/fr'),
  ru: () => import('./locales/ru'),
  es: () => import('./locales/es'),
};

const loaded: Partial<Record<UnLanguage, Dictionary>> = { en: en as Dictionary };

/** Loads a language's dictionary once; false when it could not be fetched (the UI stays English). */
export async function loadDictionary(code: UnLanguage): Promise<boolean> {
  if (loaded[code]) return true;
  try {
    loaded[code] = (await TRANSLATIONS[code as Exclude<UnLanguage, 'en'>]()).default;
    return true;
  } catch (e) {
    console.error(`could not load the ${code} interface strings`, e);
    return false;
  }
}

/** Locales used for dates, times and numbers; 'en-GB' gives a 24-hour clock and "Tue 4 Nov". */
export const INTL_LOCALE: Record<UnLanguage, string> = { ar: 'ar', zh: 'zh-CN', en: 'en-GB', fr: 'fr-FR', ru: 'ru-RU', es: 'es-ES' };

const isLanguage = (v: string | null | undefined): v is UnLanguage => !!v && (UN_LANGUAGES as readonly string[]).includes(v);

let current: UnLanguage = 'en';
let switching = 0;
const listeners = new Set<() => void>();

/**
 * The language from ?lang=, else the stored preference, else the browser's first language that is
 * one of the six, else English (a ?lang= is remembered; the browser's guess is not, so it follows
 * the browser until someone chooses). Resolves once its dictionary is here, so the first render is already in that language.
 */
export async function initLanguage(): Promise<UnLanguage> {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromUrl)) store.set(KEYS.lang, fromUrl);
  const stored = store.get(KEYS.lang);
  current = isLanguage(fromUrl) ? fromUrl : isLanguage(stored) ? stored : (browserLanguage() ?? 'en');
  await loadDictionary(current);
  applyToDocument();
  return current;
}

/** The first of navigator.languages that is a UN language, by its primary subtag ("fr-CH" → fr, "zh-Hant-TW" → zh). */
export function browserLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): UnLanguage | null {
  for (const tag of languages) {
    const primary = tag.split('-')[0].toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return null;
}

/** The language chosen for content (meeting and session titles, via pickText). */
export function lang(): UnLanguage {
  return current;
}

/**
 * The language the interface is actually in: the chosen one once its dictionary is loaded, else
 * English. Page direction, dates and plurals follow it, so an English interface never gets
 * laid out right-to-left around it; titles carry their own lang and dir.
 */
export function uiLang(): UnLanguage {
  return loaded[current] ? current : 'en';
}

export function locale(): string {
  return INTL_LOCALE[uiLang()];
}

/** Switches language in place: loads the dictionary, then tells every listener (no reload). */
export async function setLanguage(next: UnLanguage): Promise<void> {
  if (next === current) return;
  const ticket = ++switching;
  store.set(KEYS.lang, next);
  await loadDictionary(next);
  // A later choice made while this one was loading wins.
  if (ticket !== switching) return;
  current = next;
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    history.replaceState(history.state, '', url);
  }
  applyToDocument();
  for (const fn of [...listeners]) fn();
}

export function onLanguageChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function applyToDocument(): void {
  const ui = uiLang();
  document.documentElement.lang = ui;
  document.documentElement.dir = LANGUAGE_INFO[ui].direction;
}

function dictionary(): Record<string, string> {
  return loaded[uiLang()] as Record<string, string>;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A number as the interface language writes it. */
export function formatNumber(n: number): string {
  const loc = locale();
  let f = numberFormats.get(loc);
  if (!f) numberFormats.set(loc, (f = new Intl.NumberFormat(loc)));
  return f.format(n);
}

/** Fills {name} placeholders; numbers are written the interface language's way. */
export function fill(text: string, vars?: Record<string, string | number>): string {
  return vars
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => {
        if (!(name in vars)) return m;
        const v = vars[name];
        return typeof v === 'number' ? formatNumber(v) : v;
      })
    : text;
}

/** A UI string in the current language. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(dictionary()[key] ?? (en as Record<string, string>)[key] ?? key, vars);
}

const pluralRules = new Map<string, Intl.PluralRules>();
/** A plural string: picks `${key}.${category}` for n (Intl.PluralRules), falling back to `.other`. */
export function tn(key: PluralKey, n: number, vars?: Record<string, string | number>): string {
  const loc = locale();
  let rules = pluralRules.get(loc);
  if (!rules) pluralRules.set(loc, (rules = new Intl.PluralRules(loc)));
  const category = rules.select(n);
  const dict = dictionary();
  const all = en as Record<string, string>;
  const text = dict[`${key}.${category}`] ?? dict[`${key}.other`] ?? all[`${key}.${category}`] ?? all[`${key}.other`];
  return fill(text, { n, ...vars });
}
