import { UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import { en, INTL_LOCALE, TRANSLATIONS } from '../../apps/portal/src/i18n';
import { REG_EN, REG_TRANSLATIONS } from '../../apps/portal/src/pages/registration-i18n';

type Strings = Record<string, string>;
type Loaders = Record<Exclude<UnLanguage, 'en'>, () => Promise<{ default: object }>>;

const OTHER_LANGUAGES = UN_LANGUAGES.filter((l): l is Exclude<UnLanguage, 'en'> => l !== 'en');

const placeholders = (text: string, except: string[] = []): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].filter((p) => !except.includes(p)).sort();

/** Does `category` stand for a single number in this locale (Arabic "two" is exactly 2)? Then "{n}" may be left out. */
function singleNumber(rules: Intl.PluralRules, category: string): boolean {
  const samples = [...Array.from({ length: 1001 }, (_, i) => i), 0.5, 1.5, 2.5, 10.5, 100.5, 1_000_000];
  return samples.filter((n) => rules.select(n) === category).length === 1;
}

/**
 * What is wrong with one language's strings against the English source: missing or empty keys,
 * different {placeholders}, plural keys without every category Intl.PluralRules has for the
 * language, and keys English does not have.
 */
export function problems(english: Strings, dict: Strings, locale: string): string[] {
  const out: string[] = [];
  const rules = new Intl.PluralRules(locale);
  const categories = rules.resolvedOptions().pluralCategories;
  // A plural has .one and .other in English ('type.other' alone is just a word).
  const bases = Object.keys(english)
    .filter((k) => k.endsWith('.other'))
    .map((k) => k.slice(0, -'.other'.length))
    .filter((b) => `${b}.one` in english);
  const isPluralForm = (k: string) => bases.some((b) => k.startsWith(`${b}.`) && !k.slice(b.length + 1).includes('.'));
  for (const [key, text] of Object.entries(english)) {
    if (isPluralForm(key)) continue;
    const own = dict[key];
    if (typeof own !== 'string' || !own.trim()) out.push(`${key}: missing`);
    else if (placeholders(own).join() !== placeholders(text).join())
      out.push(`${key}: placeholders ${placeholders(own).join() || '(none)'} instead of ${placeholders(text).join() || '(none)'}`);
  }
  for (const base of bases) {
    const source = english[`${base}.other`];
    for (const category of categories) {
      const key = `${base}.${category}`;
      const own = dict[key];
      if (typeof own !== 'string' || !own.trim()) {
        out.push(`${key}: missing (${locale} needs ${categories.join(', ')})`);
        continue;
      }
      if (placeholders(own, ['n']).join() !== placeholders(source, ['n']).join()) out.push(`${key}: placeholders differ`);
      if (placeholders(source).includes('n') && !placeholders(own).includes('n') && !singleNumber(rules, category))
        out.push(`${key}: {n} missing, yet "${category}" covers many numbers in ${locale}`);
    }
  }
  for (const key of Object.keys(dict)) {
    const base = bases.find((b) => key.startsWith(`${b}.`));
    const category = base ? key.slice(base.length + 1) : null;
    const known = key in english || (category !== null && (categories as string[]).includes(category));
    if (!known) out.push(`${key}: not an English key${category ? ` nor a ${locale} plural category` : ''}`);
  }
  return out;
}

describe('portal interface strings in the six UN languages', () => {
  const sets: [string, Strings, Loaders][] = [
    ['interface (i18n.ts)', en as Strings, TRANSLATIONS as Loaders],
    ['registration pages (registration-i18n.ts)', REG_EN as Strings, REG_TRANSLATIONS as Loaders],
  ];

  it('has the English plural forms Intl.PluralRules needs for en-GB', () => {
    expect(problems(en, en, INTL_LOCALE.en)).toEqual([]);
    expect(problems(REG_EN, REG_EN, INTL_LOCALE.en)).toEqual([]);
  });

  for (const [name, english, loaders] of sets) {
    for (const code of OTHER_LANGUAGES) {
      it(`${name}: ${code} has every English key, the same placeholders and its plural categories`, async () => {
        const dict = (await loaders[code]()).default as Strings;
        expect(problems(english, dict, INTL_LOCALE[code])).toEqual([]);
        // Not a copy of English (French shares a few words: Documents, Type, Public…).
        const same = Object.keys(english).filter((k) => dict[k] === english[k] && /[a-z]{4}/.test(english[k]));
        expect(same.length).toBeLessThan(Object.keys(english).length * 0.1);
      });
    }
  }

  it('needs six forms in Arabic and four in Russian, as Intl.PluralRules says', async () => {
    expect(new Intl.PluralRules('ar').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    expect(new Intl.PluralRules('ru-RU').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
    const ar = (await TRANSLATIONS.ar()).default as Strings;
    expect(['zero', 'one', 'two', 'few', 'many', 'other'].map((c) => typeof ar[`schedule.count.${c}`])).toEqual(Array(6).fill('string'));
  });

  it('reports a missing key, a lost placeholder, a missing plural category and an unknown key', async () => {
    const ru = { ...((await TRANSLATIONS.ru()).default as Strings) };
    delete ru['schedule.heading'];
    ru['notFound.meeting'] = 'Совещания нет.';
    delete ru['docs.count.few'];
    ru['schedule.headline'] = 'x';
    expect(problems(en, ru, INTL_LOCALE.ru)).toEqual([
      'notFound.meeting: placeholders (none) instead of code',
      'schedule.heading: missing',
      'docs.count.few: missing (ru-RU needs few, many, one, other)',
      'schedule.headline: not an English key',
    ]);
    const ar = { ...((await TRANSLATIONS.ar()).default as Strings) };
    ar['schedule.count.few'] = 'جلسات';
    expect(problems(en, ar, INTL_LOCALE.ar)).toEqual(['schedule.count.few: {n} missing, yet "few" covers many numbers in ar']);
  });
});
