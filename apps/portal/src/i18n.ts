import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import { KEYS, store } from './storage';

/**
 * The portal's interface strings. English is the source, lives in the main bundle and is the
 * fallback; every other UN language is a complete dictionary in ./locales/<code>.ts, loaded with a
 * dynamic import only when that language is chosen (so the schedule bundle carries one language).
 * Placeholders are {name}; plural forms are keys ending in .one / .other, and each language has
 * exactly the categories Intl.PluralRules gives it (zero, one, two, few, many, other for Arabic;
 * one, few, many, other for Russian; other only for Chinese) — test/portal/i18n.spec.ts checks.
 */
export const en = {
  'app.name': 'COP Meeting Services',
  'app.skip': 'Skip to main content',
  'app.language': 'Language',
  'app.signIn': 'Sign in',
  'app.signOut': 'Sign out',
  'app.menu': 'Menu',
  'app.signedInAs': 'Signed in as {who}',
  'app.signedIn': 'Signed in',
  'app.footer': 'Meeting services of the Conference of the Parties. Times follow the venue’s time zone unless you choose your own.',
  'app.loading': 'Loading…',
  'app.breadcrumb': 'Breadcrumb',
  'app.inEnglish': 'in English',
  'nav.label': 'Meeting services',
  'nav.nominate': 'Nominate participants',
  'nav.confirmations': 'Confirm self-registrations',
  'nav.myRegistration': 'My registration',
  'nav.review': 'Registrations',
  'nav.checkIn': 'Check-in',
  'nav.scheduleConsole': 'Schedule editor',
  'nav.streamConsole': 'Stream control',
  'nav.documentsConsole': 'Documents',

  'error.title': 'Something went wrong',
  'error.network': 'The server could not be reached. Check your connection, then try again.',
  'error.server': 'The server could not answer ({status}). Please try again in a moment.',
  'error.retry': 'Try again',
  'offline.title': 'You are offline.',
  'offline.text': 'Pages and documents you opened before are shown as saved on this device; changes appear when the connection is back.',
  'offline.scheduleAsOf': 'Offline — showing the schedule as of {time}.',
  'offline.documentNotKept': 'You are offline and this document was not downloaded on this device before.',

  'notFound.meetingTitle': 'Meeting not found',
  'notFound.meeting': 'No meeting with code {code}.',
  'notFound.meetingHelp': 'Check the address, or choose the meeting from the list of meetings.',
  'notFound.pageTitle': 'Page not found',
  'notFound.page': 'There is no page at {path}.',
  'notFound.allMeetings': 'See all meetings',

  'meetings.title': 'Meetings',
  'meetings.intro': 'Choose a meeting to see its schedule, with changes shown as they happen.',
  'meetings.none': 'No meetings have been published yet.',
  'meetings.schedule': 'Schedule',

  'schedule.docTitle': 'Schedule',
  'schedule.heading': 'Schedule',
  'schedule.days': 'Meeting days',
  'schedule.today': 'Today',
  'schedule.filters': 'Filter sessions',
  'schedule.room': 'Room',
  'schedule.allRooms': 'All rooms',
  'schedule.type': 'Type',
  'schedule.allTypes': 'All types',
  'schedule.clearFilters': 'Clear filters',
  'schedule.showLocal': 'Show my local time',
  'schedule.timesIn': 'Times in {zone}',
  'schedule.venueZone': 'venue time ({zone})',
  'schedule.localZone': 'your time, {city} ({zone})',
  'schedule.sameZone': 'You are in the venue’s time zone.',
  'schedule.empty': 'No sessions are scheduled for this day.',
  'schedule.emptyFiltered': 'No sessions on this day match the filters.',
  'schedule.count.one': '{n} session',
  'schedule.count.other': '{n} sessions',
  'schedule.shown': '{shown} of {total} shown',
  'schedule.agenda.one': 'Agenda item {items}',
  'schedule.agenda.other': 'Agenda items {items}',
  'schedule.participantsOnly': 'Participants only',
  'schedule.updated': 'Updated',
  'schedule.otherDay': 'on {day}',
  'schedule.calendarFeed': 'Add the schedule to your calendar (ICS feed)',
  'schedule.signInHint': 'Participants: sign in to see participants-only sessions.',
  'schedule.fallbackTitle': 'Title not available in your language; shown in English.',

  'status.live': 'Live',
  'status.postponed': 'Postponed',
  'status.cancelled': 'Cancelled',
  'status.concluded': 'Concluded',
  'status.scheduled': 'Scheduled',

  'type.plenary': 'Plenary',
  'type.committee': 'Committee',
  'type.contact-group': 'Contact group',
  'type.regional-group': 'Regional group',
  'type.bureau': 'Bureau',
  'type.side-event': 'Side event',
  'type.press-briefing': 'Press briefing',
  'type.other': 'Other',

  'conn.connecting': 'Connecting…',
  'conn.live': 'Live',
  'conn.reconnecting': 'Reconnecting…',
  'conn.liveHint': 'Changes to the schedule appear here as they are made.',
  'conn.reconnectingHint': 'The connection was lost. Changes made meanwhile will appear once it is back.',

  'announce.created': 'New session: {title}, {when}.',
  'announce.moved': '{title} moved to {when}.',
  'announce.room': '{title} moved to {room}.',
  'announce.renamed': '{old} is now called {title}.',
  'announce.cancelled': '{title} cancelled.',
  'announce.postponed': '{title} postponed.',
  'announce.live': '{title} is now live.',
  'announce.concluded': '{title} has concluded.',
  'announce.rescheduled': '{title} is back on the schedule, {when}.',
  'announce.updated': '{title} updated.',
  'announce.removed': '{title} removed from the schedule.',
  'announce.many': 'Schedule updated: {n} changes.',
  'announce.signedOut': 'Your sign-in has expired; now showing public sessions only.',

  'login.title': 'Sign in',
  'login.intro':
    'Participants and secretariat staff sign in to see participants-only sessions. Everyone else can use the portal without signing in.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.failed': 'Email or password is not correct.',
  'login.tooMany': 'Too many attempts. Wait a few minutes, then try again.',
  'login.missing': 'Enter your email and password.',
  'login.signedOut': 'You have signed out.',

  'live.docTitle': 'Live',
  'live.breadcrumb': 'Live',
  'live.kicker': 'Live stream',
  'live.streams': 'Streams',
  'live.schedule': 'Schedule',
  'live.watch': 'Watch the plenary live',
  'live.interpretation': 'Interpretation',
  'live.audioOnly': 'Audio only (for slow connections)',
  'live.goLive': 'Go live',
  'live.atEdge': 'Live',
  'live.behind': '{s} s behind live',
  'live.player': 'Plenary video',
  'live.playerAudio': 'Plenary audio, {channel}',
  'live.loading': 'Loading the stream…',
  'live.waiting': 'Buffering…',
  'live.gesture': 'Press play to start the stream.',
  'live.play': 'Play',
  'live.error': 'The stream could not be loaded. Trying again in {s} s…',
  'live.unsupported': 'This browser cannot play the stream. Try a recent version of Firefox, Chrome, Edge or Safari.',
  'live.retryNow': 'Try now',
  'live.startingSoon': 'Starting soon',
  'live.next': 'Next: {title}, {when} ({zone}).',
  'live.offline': 'Offline',
  'live.offlineText': 'The stream is not on air, and no further session is scheduled in this room.',
  'live.ended': 'The stream has ended',
  'live.paused': 'The meeting is suspended. The stream will resume shortly.',
  'live.noStreams': 'This meeting has no live stream.',
  'live.noStreamsTitle': 'No live stream',
  'live.streamNotFound': 'There is no stream {id} in this meeting.',
  'live.onAir': 'On air',
  'live.now': 'Now in plenary',
  'live.nowNone': 'No agenda item has been announced yet.',
  'live.item': 'Agenda item {number}',
  'live.documents': 'Documents for this item',
  'live.noDocuments': 'No documents are linked to this item yet.',
  'live.status.scheduled': 'Scheduled',
  'live.status.live': 'Live',
  'live.status.paused': 'Suspended',
  'live.status.ended': 'Ended',

  'console.title': 'Stream control',
  'console.intro': 'What you set here reaches every viewer within a second.',
  'console.viewersSee': 'Viewers now see: {state}',
  'console.status': 'Stream status',
  'console.session': 'Session on air',
  'console.none': '— none —',
  'console.item': 'Now in plenary (agenda item)',
  'console.apply': 'Apply',
  'console.applying': 'Applying…',
  'console.applied': 'Done.',
  'console.forbidden': 'Only the secretariat can control streams. Sign in with a secretariat account.',

  'nav.meeting': 'Meeting',
  'nav.schedule': 'Schedule',
  'nav.live': 'Live',
  'nav.documents': 'Documents',

  'docs.docTitle': 'Documents',
  'docs.heading': 'Documents',
  'docs.filters': 'Filter documents',
  'docs.type': 'Type',
  'docs.allTypes': 'All types',
  'docs.language': 'Document language',
  'docs.allLanguages': 'All languages',
  'docs.distribution': 'Distribution',
  'docs.allDistributions': 'All',
  'docs.clearFilters': 'Clear filters',
  'docs.item': 'Agenda item {number}',
  'docs.noItem': 'Other documents',
  'docs.empty': 'No documents have been published yet.',
  'docs.emptyFiltered': 'No documents match the filters.',
  'docs.count.one': '{n} document',
  'docs.count.other': '{n} documents',
  'docs.new': 'New',
  'docs.newBadge': 'New: {symbol} ({language})',
  'docs.newSince': 'Marked “New”: published since your last visit.',
  'docs.download': 'Download',
  'docs.downloadLabel': 'Download {symbol} in {language} ({format}, {size})',
  'docs.downloadFailed': 'The download could not start: {message}',
  'docs.bundle': 'Download all ({language}, ZIP)',
  'docs.version': 'version {n}',
  'docs.pages.one': '{n} page',
  'docs.pages.other': '{n} pages',
  'docs.sha256': 'SHA-256',
  'docs.sha256Hint': 'Compare with the output of “sha256sum” or “openssl dgst -sha256” on the downloaded file.',
  'docs.history': 'History',
  'docs.historyLoading': 'Loading the history…',
  'docs.historyFailed': 'The history could not be loaded.',
  'docs.supersedes': 'Supersedes {symbols}',
  'docs.supersededBy': 'Superseded by {symbol}',
  'docs.original': 'Original language',
  'docs.participantsOnly': 'Participants only',
  'docs.secretariatOnly': 'Secretariat only',
  'docs.public': 'Public',
  'docs.signInHint': 'Participants: sign in to see participants-only documents.',
  'docs.manifest': 'Signed manifest of all documents (JSON)',
  'docs.type.official': 'Official document',
  'docs.type.information': 'Information document',
  'docs.type.conference-room-paper': 'Conference room paper',
  'docs.type.limited': 'Limited distribution',
  'docs.type.non-paper': 'Non-paper',
  'docs.type.statement': 'Statement',
  'docs.typeFromSymbol': 'From the symbol',

  'upload.title': 'Publish a document',
  'upload.intro': 'Publishing reaches every delegate’s documents page within a second.',
  'upload.symbol': 'Symbol',
  'upload.symbolHint': 'For example UNEP/MC/COP.6/CRP.3, UNEP/MC/COP.6/INF/26 or UNEP/MC/COP.6/1/Rev.1.',
  'upload.titleEn': 'Title (English)',
  'upload.titleIn': 'Title ({language})',
  'upload.otherTitles': 'Titles in other languages',
  'upload.agendaItems': 'Agenda items',
  'upload.language': 'Language of this file',
  'upload.file': 'File (PDF, DOCX or XLSX)',
  'upload.submit': 'Upload and publish',
  'upload.uploading': 'Uploading… {percent}%',
  'upload.creating': 'Creating the document…',
  'upload.done': 'Published {symbol} ({language}), version {version}.',
  'upload.exists': '{symbol} already exists: this file is added as its next {language} version.',
  'upload.missing': 'Enter the symbol, the English title and choose a file.',
  'upload.failed': 'The upload failed: {message}',
  'upload.network': 'The upload was interrupted. Check your connection, then try again.',
  'upload.forbidden': 'Only the secretariat can publish documents. Sign in with a secretariat account.',
  'upload.progress': 'Upload progress',
  'upload.error.type': 'This file is not a PDF, DOCX or XLSX document. Save it in one of these formats and choose it again.',
  'upload.error.unreadable':
    'This file is empty or damaged and cannot be opened. Export it again from the original and choose the new file.',
  'upload.error.tooLarge':
    'This file is larger than the limit for documents. Reduce its size (for example, compress its images) and try again.',
  'upload.error.sameFile':
    'This file is already version {version} of the document in this language: nothing new was published. Choose the corrected file.',
  'upload.error.symbol': 'Check the symbol ({message}).',
  'upload.error.signIn': 'Your session has ended. Sign in again, then upload the file again.',
  'upload.error.server':
    'The server could not store the file. Nothing was published; try again in a minute, and tell the IT desk if it happens again.',
  'docs.search': 'Search documents',
  'docs.searchHint': 'Searches titles, symbols and the text of the documents in every language.',
  'docs.searching': 'Searching…',
  'docs.searchResults': 'Documents matching “{query}”',
  'docs.noResults': 'No document matches “{query}”. Check the spelling or try another word.',
  'docs.searchFailed': 'The search did not answer. Try again in a moment.',
  'docs.edit': 'Edit details',
  'docs.editTitle': 'Edit {symbol}',
  'docs.save': 'Save changes',
  'docs.cancel': 'Cancel',
  'docs.saved': 'Saved {symbol}.',
  'docs.withdraw': 'Withdraw',
  'docs.withdrawConfirm': 'Withdraw {symbol}? Only the secretariat will see it; delegates and the public no longer can.',
  'docs.withdrawn': 'Withdrawn {symbol}: only the secretariat sees it now.',
  'docs.editConflict': 'Someone else changed {symbol} meanwhile. The form now shows their version: check it and save again.',
  'docs.editFailed': 'The changes were not saved. Try again in a moment.',

  'home.docTitle': 'Overview',
  'home.nav': 'Overview',
  'home.cardAction': 'Meeting overview',
  'home.pages': 'Meeting pages',
  'home.liveHeading': 'Live now',
  'home.watch': 'Watch {stream}',
  'home.onAir': 'On air:',
  'home.nowItem': 'Now in plenary:',
  'home.liveAnnounce': '{stream} is live.',
  'home.pausedAnnounce': '{stream} is suspended.',
  'home.endedAnnounce': '{stream} is no longer live.',
  'home.itemAnnounce': 'Now in plenary: agenda item {number}.',
  'home.now': 'Now',
  'home.nowNone': 'No session is under way at the moment.',
  'home.next': 'Next',
  'home.nextNone': 'No further sessions are scheduled.',
  'home.fullSchedule': 'Full schedule',
  'home.timesIn': 'Times in venue time ({zone}).',
  'home.documents': 'Latest documents',
  'home.documentsNone': 'No documents have been published yet.',
  'home.allDocuments': 'All documents',
  'home.published': 'Published {when}',
  'home.registration': 'Registration',
  'home.registrationHint':
    'Focal points nominate their delegations; participants follow their registration and badge here after signing in.',
  'home.streamControl': 'Stream control',
  'home.documentsConsole': 'Publish documents',

  'session.details': 'About this session',
  'session.when': 'When',
  'session.room': 'Room',
  'session.type': 'Type',
  'session.status': 'Status',
  'session.access': 'Access',
  'session.public': 'Open to all',
  'session.agenda': 'Agenda items and documents',
  'session.agendaNone': 'No agenda items are listed for this session.',
  'session.item': 'Agenda item {number}',
  'session.documentsLoading': 'Loading the documents…',
  'session.documentsFailed': 'The documents could not be loaded.',
  'session.documentsNone': 'No documents are linked to this item yet.',
  'session.languages': 'Download in',
  'session.underConsideration': 'Under consideration now',
  'session.onAirHeading': 'On air now',
  'session.onAirText': 'This session is being streamed live with interpretation in the six UN languages.',
  'session.watch': 'Watch live ({stream})',
  'session.nowNone': 'No agenda item has been announced yet.',
  'session.notFoundTitle': 'Session not found',
  'session.notFound': 'There is no session {id} in {meeting} that you can see.',
  'session.notFoundHelp': 'Check the address, or find the session in the schedule. Participants-only sessions appear after signing in.',
  'session.toSchedule': 'See the schedule',
};

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
