import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestContext, type MeetingFixture } from '../support/fixtures';
import type { RunningApi } from '../support/harness';
import { assertChromium, launchChromium, PORTAL_DIR } from '../support/portal';

const DAY = '2025-11-04';

/** What the schedule must say in each language, written here (not read from the dictionaries). */
const EXPECTED = {
  ar: { locale: 'ar', dir: 'rtl', heading: 'الجدول الزمني', live: 'بث مباشر', plenary: 'جلسة عامة' },
  zh: { locale: 'zh-CN', dir: 'ltr', heading: '日程', live: '直播', plenary: '全体会议' },
  en: { locale: 'en-GB', dir: 'ltr', heading: 'Schedule', live: 'Live', plenary: 'Plenary' },
  fr: { locale: 'fr-FR', dir: 'ltr', heading: 'Programme', live: 'En direct', plenary: 'Séance plénière' },
  ru: { locale: 'ru-RU', dir: 'ltr', heading: 'Расписание', live: 'Прямой эфир', plenary: 'Пленарное заседание' },
  es: { locale: 'es-ES', dir: 'ltr', heading: 'Programa', live: 'En directo', plenary: 'Sesión plenaria' },
} as const;
type Code = keyof typeof EXPECTED;

/** The portal in the six UN languages, switched with the header's language control, in a real browser. */
describe('portal languages (browser)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let m: MeetingFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let plenaryId: string;
  let contactId: string;
  const chunks: string[] = [];

  const session = (id: string) => page.locator(`[data-session-id="${id}"]`);
  const schedulePath = () => `/meetings/${m.code}/schedule?day=${DAY}`;
  /** Formats in the page with the browser's own Intl, as the portal should. */
  const intl = (locale: string) =>
    page.evaluate(
      ({ locale, day }) => ({
        day: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
          new Date(`${day}T12:00:00Z`),
        ),
        time: new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
          new Date(`${day}T09:00:00Z`),
        ),
      }),
      { locale, day: DAY },
    );
  const box = async (selector: string, n: number) => (await page.locator(selector).nth(n).boundingBox())!;

  beforeAll(async () => {
    assertChromium();
    ctx = await TestContext.start({ env: { PORTAL_DIR } });
    api = ctx.api;
    m = await ctx.newMeeting();
    const create = async (body: Record<string, unknown>) => (await ctx.newSession(m.code, body)).id;
    plenaryId = await create({
      type: 'plenary',
      title: { en: 'Opening plenary', fr: 'Séance plénière d’ouverture', ar: 'الجلسة العامة الافتتاحية' },
      roomId: m.rooms[0].id,
      startsAt: `${DAY}T10:00`,
      endsAt: `${DAY}T13:00`,
    });
    contactId = await create({
      type: 'contact-group',
      title: { en: 'Contact group on mercury waste' },
      roomId: m.rooms[1].id,
      startsAt: `${DAY}T15:00`,
      endsAt: `${DAY}T18:00`,
    });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    // The site name as the header first shows it: an English flash before the dictionary arrives would be caught here.
    await context.addInitScript(() => {
      const w = window as unknown as { firstBrand: string | null };
      w.firstBrand = null;
      new MutationObserver(() => {
        const brand = document.querySelector('.brand span');
        if (brand && w.firstBrand === null) w.firstBrand = brand.textContent;
      }).observe(document, { childList: true, subtree: true });
    });
    page = await context.newPage();
    page.on('request', (r) => {
      const name = /\/assets\/([a-z]+)-[\w-]+\.js$/.exec(r.url())?.[1];
      if (name) chunks.push(name);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('switches the interface to each UN language in place, with dates and times per language', async () => {
    await page.goto(`${api.url}${schedulePath()}`);
    await session(plenaryId).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // English is in the main bundle: no language chunk was fetched for it.
    expect(chunks.filter((c) => c in EXPECTED)).toEqual([]);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    for (const code of ['fr', 'es', 'ru', 'zh', 'ar', 'en'] as Code[]) {
      const want = EXPECTED[code];
      await page.locator('#language-select').selectOption(code);
      await page.waitForFunction((c) => document.documentElement.lang === c, code, { timeout: 5000 });
      expect(await page.locator('html').getAttribute('dir')).toBe(want.dir);
      expect(await page.locator('#schedule-heading').textContent()).toBe(want.heading);
      expect(await page.locator('.meeting-nav a').allTextContents()).toEqual([
        expect.any(String),
        want.heading,
        want.live,
        expect.any(String),
      ]);
      expect(await page.title()).toContain(want.heading);
      expect(await session(plenaryId).locator('.session-type').textContent()).toBe(want.plenary);
      // The day heading and the session times, formatted as Intl formats them for the language, in the venue's zone.
      const expected = await intl(want.locale);
      expect(await page.locator('#day-heading').textContent()).toBe(expected.day);
      expect(await session(plenaryId).locator('.session-time time').first().textContent()).toBe(expected.time);
      // Never a reload: the same document throughout.
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    }
    // Each language's dictionary came in its own chunk, when chosen (English needs none).
    expect(chunks.filter((c) => c in EXPECTED).sort()).toEqual(['ar', 'es', 'fr', 'ru', 'zh']);
  });

  it('mirrors the layout in Arabic, while content titles keep their own language and direction', async () => {
    await page.locator('#language-select').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: 5000 });
    // The first navigation item and the first day tab are on the right, the next ones to their left.
    const [schedule, live] = [await box('.meeting-nav a', 0), await box('.meeting-nav a', 1)];
    expect(schedule.x).toBeGreaterThan(live.x);
    const [monday, tuesday] = [await box('[role=tab]', 0), await box('[role=tab]', 1)];
    expect(monday.x).toBeGreaterThan(tuesday.x);
    // The schedule heading starts at the right edge of its row.
    const heading = await box('#schedule-heading', 0);
    const row = await box('.schedule-bar', 0);
    expect(Math.abs(heading.x + heading.width - (row.x + row.width))).toBeLessThan(2);
    expect(await page.locator('#schedule-heading').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // The Arabic title is Arabic; the English-only one keeps lang=en, dir=ltr and says it is in English.
    const own = session(plenaryId).locator('.session-title-text');
    expect([await own.textContent(), await own.getAttribute('lang'), await own.getAttribute('dir')]).toEqual([
      'الجلسة العامة الافتتاحية',
      'ar',
      'rtl',
    ]);
    const fallback = session(contactId).locator('.session-title-text');
    expect([await fallback.getAttribute('lang'), await fallback.getAttribute('dir')]).toEqual(['en', 'ltr']);
    expect(await session(contactId).locator('.fallback-mark').textContent()).toBe('بالإنكليزية');

    await page.locator('#language-select').selectOption('en');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, { timeout: 5000 });
    expect((await box('.meeting-nav a', 0)).x).toBeLessThan((await box('.meeting-nav a', 1)).x);
    expect(await page.locator('.fallback-mark').count()).toBe(0);
  });

  it('shows a title given in French in French, and one without French in English marked as such', async () => {
    await page.locator('#language-select').selectOption('fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr', null, { timeout: 5000 });
    const french = session(plenaryId).locator('.session-title-text');
    expect([await french.textContent(), await french.getAttribute('lang')]).toEqual(['Séance plénière d’ouverture', 'fr']);
    expect(await session(plenaryId).locator('.fallback-mark').count()).toBe(0);
    const english = session(contactId).locator('.session-title-text');
    expect([await english.textContent(), await english.getAttribute('lang')]).toEqual(['Contact group on mercury waste', 'en']);
    const mark = session(contactId).locator('.fallback-mark');
    expect([await mark.textContent(), await mark.getAttribute('lang'), await mark.getAttribute('title')]).toEqual([
      'en anglais',
      'fr',
      'Titre non disponible dans votre langue ; affiché en anglais.',
    ]);
    // The meeting itself has an English title only: marked too.
    expect(await page.locator('h1 .fallback-mark').textContent()).toBe('en anglais');
  });

  it('remembers the choice after a reload, and renders in it from the first paint', async () => {
    await page.locator('#language-select').selectOption('ru');
    await page.waitForFunction(() => document.documentElement.lang === 'ru', null, { timeout: 5000 });
    await page.reload();
    await session(plenaryId).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('#language-select').inputValue()).toBe('ru');
    expect(await page.locator('#schedule-heading').textContent()).toBe('Расписание');
    expect(await page.evaluate(() => (window as unknown as { firstBrand: string | null }).firstBrand)).toBe(
      'Службы обслуживания совещаний КС',
    );
    // Russian plural forms: one "заседание", with the day's count in the tab.
    expect(await page.locator(`[role=tab][data-day="${DAY}"] .day-tab-count`).textContent()).toBe('2 заседания');

    // A new page in Arabic straight away: right to left before any interaction.
    await page.evaluate(() => localStorage.setItem('cop.lang', 'ar'));
    await page.goto(`${api.url}${schedulePath()}`);
    await session(plenaryId).waitFor();
    expect([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(await page.evaluate(() => (window as unknown as { firstBrand: string | null }).firstBrand)).toBe('خدمات اجتماعات مؤتمر الأطراف');
    expect(await page.locator(`[role=tab][data-day="${DAY}"] .day-tab-count`).textContent()).toBe('جلستان');
    await page.evaluate(() => localStorage.removeItem('cop.lang'));
  });
});
