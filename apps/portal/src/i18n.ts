import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import { KEYS, store } from './storage';

/**
 * The portal's interface strings. English is the source and is complete; every other UN language
 * is a partial dictionary of the same keys and falls back to English key by key, so a language
 * can be added (or completed) by a translator without touching any other module.
 * Placeholders are {name}; plural forms are keys ending in .one / .other (and .zero, .two, .few,
 * .many where the language needs them — chosen with Intl.PluralRules).
 */
const en = {
  'app.name': 'COP Meeting Services',
  'app.skip': 'Skip to main content',
  'app.language': 'Language',
  'app.signIn': 'Sign in',
  'app.signOut': 'Sign out',
  'app.signedInAs': 'Signed in as {who}',
  'app.signedIn': 'Signed in',
  'app.footer': 'Meeting services of the Conference of the Parties. Times follow the venue’s time zone unless you choose your own.',
  'app.loading': 'Loading…',
  'app.breadcrumb': 'Breadcrumb',
  'nav.label': 'Meeting services',
  'nav.nominate': 'Nominate participants',
  'nav.myRegistration': 'My registration',
  'nav.review': 'Registrations',
  'nav.checkIn': 'Check-in',

  'error.title': 'Something went wrong',
  'error.network': 'The server could not be reached. Check your connection, then try again.',
  'error.server': 'The server could not answer ({status}). Please try again in a moment.',
  'error.retry': 'Try again',

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
  'docs.bundleLabel': 'Download every document of agenda item {number} in {language} as one ZIP file',
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
};

export type MessageKey = keyof typeof en;
type Dictionary = Partial<Record<MessageKey, string>>;

const fr: Dictionary = {
  'app.name': 'Services de réunion de la COP',
  'app.skip': 'Aller au contenu principal',
  'app.language': 'Langue',
  'app.signIn': 'Se connecter',
  'app.signOut': 'Se déconnecter',
  'app.signedInAs': 'Connecté en tant que {who}',
  'app.signedIn': 'Connecté',
  'app.footer':
    'Services de réunion de la Conférence des Parties. Les heures suivent le fuseau horaire du lieu de la réunion, sauf si vous choisissez le vôtre.',
  'app.loading': 'Chargement…',
  'app.breadcrumb': 'Fil d’Ariane',
  'error.title': 'Une erreur s’est produite',
  'error.network': 'Le serveur est injoignable. Vérifiez votre connexion, puis réessayez.',
  'error.server': 'Le serveur n’a pas pu répondre ({status}). Réessayez dans un instant.',
  'error.retry': 'Réessayer',
  'notFound.meetingTitle': 'Réunion introuvable',
  'notFound.meeting': 'Aucune réunion avec le code {code}.',
  'notFound.meetingHelp': 'Vérifiez l’adresse ou choisissez la réunion dans la liste des réunions.',
  'notFound.pageTitle': 'Page introuvable',
  'notFound.page': 'Il n’y a pas de page à l’adresse {path}.',
  'notFound.allMeetings': 'Voir toutes les réunions',
  'meetings.title': 'Réunions',
  'meetings.intro': 'Choisissez une réunion pour voir son programme, mis à jour en direct.',
  'meetings.none': 'Aucune réunion n’a encore été publiée.',
  'meetings.schedule': 'Programme',
  'schedule.docTitle': 'Programme',
  'schedule.heading': 'Programme',
  'schedule.days': 'Jours de réunion',
  'schedule.today': 'Aujourd’hui',
  'schedule.filters': 'Filtrer les séances',
  'schedule.room': 'Salle',
  'schedule.allRooms': 'Toutes les salles',
  'schedule.type': 'Type',
  'schedule.allTypes': 'Tous les types',
  'schedule.clearFilters': 'Effacer les filtres',
  'schedule.showLocal': 'Afficher mon heure locale',
  'schedule.timesIn': 'Heures : {zone}',
  'schedule.venueZone': 'heure du lieu ({zone})',
  'schedule.localZone': 'votre heure, {city} ({zone})',
  'schedule.sameZone': 'Vous êtes dans le fuseau horaire du lieu de la réunion.',
  'schedule.empty': 'Aucune séance n’est prévue ce jour-là.',
  'schedule.emptyFiltered': 'Aucune séance de ce jour ne correspond aux filtres.',
  'schedule.count.one': '{n} séance',
  'schedule.count.other': '{n} séances',
  'schedule.shown': '{shown} sur {total} affichées',
  'schedule.agenda.one': 'Point {items} de l’ordre du jour',
  'schedule.agenda.other': 'Points {items} de l’ordre du jour',
  'schedule.participantsOnly': 'Réservé aux participants',
  'schedule.updated': 'Mis à jour',
  'schedule.otherDay': 'le {day}',
  'schedule.calendarFeed': 'Ajouter le programme à votre agenda (flux ICS)',
  'schedule.signInHint': 'Participants : connectez-vous pour voir les séances réservées aux participants.',
  'schedule.fallbackTitle': 'Titre non disponible dans votre langue ; affiché en anglais.',
  'status.live': 'En direct',
  'status.postponed': 'Reportée',
  'status.cancelled': 'Annulée',
  'status.concluded': 'Terminée',
  'status.scheduled': 'Prévue',
  'type.plenary': 'Plénière',
  'type.committee': 'Comité',
  'type.contact-group': 'Groupe de contact',
  'type.regional-group': 'Groupe régional',
  'type.bureau': 'Bureau',
  'type.side-event': 'Manifestation parallèle',
  'type.press-briefing': 'Point de presse',
  'type.other': 'Autre',
  'conn.connecting': 'Connexion…',
  'conn.live': 'En direct',
  'conn.reconnecting': 'Reconnexion…',
  'conn.liveHint': 'Les modifications du programme s’affichent ici dès qu’elles sont faites.',
  'conn.reconnectingHint': 'La connexion a été perdue. Les modifications faites entre-temps s’afficheront à son retour.',
  'announce.created': 'Nouvelle séance : {title}, {when}.',
  'announce.moved': '{title} déplacée à {when}.',
  'announce.room': '{title} déplacée en {room}.',
  'announce.renamed': '{old} s’intitule désormais {title}.',
  'announce.cancelled': '{title} annulée.',
  'announce.postponed': '{title} reportée.',
  'announce.live': '{title} est en direct.',
  'announce.concluded': '{title} est terminée.',
  'announce.rescheduled': '{title} est de nouveau au programme, {when}.',
  'announce.updated': '{title} mise à jour.',
  'announce.removed': '{title} retirée du programme.',
  'announce.many': 'Programme mis à jour : {n} modifications.',
  'announce.signedOut': 'Votre session a expiré ; seules les séances publiques sont affichées.',
  'login.title': 'Connexion',
  'login.intro':
    'Les participants et le secrétariat se connectent pour voir les séances réservées aux participants. Tous les autres peuvent utiliser le portail sans se connecter.',
  'login.email': 'Adresse électronique',
  'login.password': 'Mot de passe',
  'login.submit': 'Se connecter',
  'login.submitting': 'Connexion…',
  'login.failed': 'Adresse électronique ou mot de passe incorrect.',
  'login.tooMany': 'Trop de tentatives. Attendez quelques minutes, puis réessayez.',
  'login.missing': 'Saisissez votre adresse électronique et votre mot de passe.',
  'login.signedOut': 'Vous êtes déconnecté.',

  'live.docTitle': 'En direct',
  'live.breadcrumb': 'En direct',
  'live.kicker': 'Retransmission en direct',
  'live.schedule': 'Programme',
  'live.watch': 'Suivre la plénière en direct',
  'live.interpretation': 'Interprétation',
  'live.audioOnly': 'Audio seulement (connexions lentes)',
  'live.goLive': 'Revenir au direct',
  'live.atEdge': 'En direct',
  'live.behind': '{s} s de retard sur le direct',
  'live.loading': 'Chargement de la retransmission…',
  'live.gesture': 'Appuyez sur lecture pour démarrer.',
  'live.play': 'Lecture',
  'live.error': 'La retransmission n’a pas pu être chargée. Nouvel essai dans {s} s…',
  'live.retryNow': 'Réessayer',
  'live.startingSoon': 'Bientôt en direct',
  'live.next': 'Prochaine séance : {title}, {when} ({zone}).',
  'live.offline': 'Hors antenne',
  'live.ended': 'La retransmission est terminée',
  'live.paused': 'La séance est suspendue. La retransmission reprendra sous peu.',
  'live.onAir': 'À l’antenne',
  'live.now': 'En plénière',
  'live.nowNone': 'Aucun point de l’ordre du jour n’a encore été annoncé.',
  'live.item': 'Point {number} de l’ordre du jour',
  'live.documents': 'Documents pour ce point',
  'live.noDocuments': 'Aucun document n’est encore lié à ce point.',
  'nav.meeting': 'Réunion',
  'nav.schedule': 'Programme',
  'nav.live': 'En direct',
  'nav.documents': 'Documents',
  'docs.docTitle': 'Documents',
  'docs.heading': 'Documents',
  'docs.filters': 'Filtrer les documents',
  'docs.language': 'Langue des documents',
  'docs.allLanguages': 'Toutes les langues',
  'docs.allTypes': 'Tous les types',
  'docs.allDistributions': 'Toutes',
  'docs.clearFilters': 'Effacer les filtres',
  'docs.item': 'Point {number} de l’ordre du jour',
  'docs.noItem': 'Autres documents',
  'docs.empty': 'Aucun document n’a encore été publié.',
  'docs.emptyFiltered': 'Aucun document ne correspond aux filtres.',
  'docs.count.one': '{n} document',
  'docs.count.other': '{n} documents',
  'docs.new': 'Nouveau',
  'docs.newBadge': 'Nouveau : {symbol} ({language})',
  'docs.newSince': 'Marqués « Nouveau » : publiés depuis votre dernière visite.',
  'docs.download': 'Télécharger',
  'docs.downloadLabel': 'Télécharger {symbol} en {language} ({format}, {size})',
  'docs.bundle': 'Tout télécharger ({language}, ZIP)',
  'docs.version': 'version {n}',
  'docs.pages.one': '{n} page',
  'docs.pages.other': '{n} pages',
  'docs.history': 'Historique',
  'docs.original': 'Langue originale',
  'docs.participantsOnly': 'Réservé aux participants',
  'docs.secretariatOnly': 'Réservé au secrétariat',
  'docs.public': 'Public',
  'docs.signInHint': 'Participants : connectez-vous pour voir les documents réservés aux participants.',
  'docs.manifest': 'Manifeste signé de tous les documents (JSON)',
  'docs.type.official': 'Document officiel',
  'docs.type.information': 'Document d’information',
  'docs.type.conference-room-paper': 'Document de séance',
  'docs.type.limited': 'Distribution limitée',
  'docs.type.non-paper': 'Document officieux',
  'docs.type.statement': 'Déclaration',
};

/** Add a language by adding its dictionary here (ar, zh, ru, es fall back to English for now). */
const DICTIONARIES: Partial<Record<UnLanguage, Dictionary>> = { en, fr };

/** Locales used for dates and times; 'en-GB' gives a 24-hour clock and "Tue 4 Nov". */
const INTL_LOCALE: Record<UnLanguage, string> = { ar: 'ar', zh: 'zh-CN', en: 'en-GB', fr: 'fr-FR', ru: 'ru-RU', es: 'es-ES' };

const isLanguage = (v: string | null | undefined): v is UnLanguage => !!v && (UN_LANGUAGES as readonly string[]).includes(v);

let current: UnLanguage = 'en';
const listeners = new Set<() => void>();

/** The language from ?lang=, else the stored preference, else English. A ?lang= is remembered. */
export function initLanguage(): UnLanguage {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromUrl)) store.set(KEYS.lang, fromUrl);
  const stored = store.get(KEYS.lang);
  current = isLanguage(fromUrl) ? fromUrl : isLanguage(stored) ? stored : 'en';
  applyToDocument();
  return current;
}

/** The language chosen for content (meeting and session titles, via pickText). */
export function lang(): UnLanguage {
  return current;
}

/**
 * The language the interface is actually in: the chosen one once it has a dictionary, else
 * English. Page direction, dates and plurals follow it, so an English interface never gets
 * laid out right-to-left around it; titles carry their own lang and dir.
 */
export function uiLang(): UnLanguage {
  return DICTIONARIES[current] ? current : 'en';
}

export function locale(): string {
  return INTL_LOCALE[uiLang()];
}

export function setLanguage(next: UnLanguage): void {
  if (next === current) return;
  current = next;
  store.set(KEYS.lang, next);
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

function lookup(key: string): string {
  return (DICTIONARIES[uiLang()] as Record<string, string> | undefined)?.[key] ?? (en as Record<string, string>)[key] ?? key;
}

function fill(text: string, vars?: Record<string, string | number>): string {
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** A UI string in the current language (English where it is not translated yet). */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(lookup(key), vars);
}

type PluralBase<K extends string> = K extends `${infer B}.other` ? B : never;
export type PluralKey = PluralBase<MessageKey>;

const pluralRules = new Map<string, Intl.PluralRules>();
/** A plural string: picks `${key}.${category}` for n, falling back to `.other`. */
export function tn(key: PluralKey, n: number, vars?: Record<string, string | number>): string {
  const loc = locale();
  let rules = pluralRules.get(loc);
  if (!rules) pluralRules.set(loc, (rules = new Intl.PluralRules(loc)));
  const category = rules.select(n);
  const dict = DICTIONARIES[uiLang()] as Record<string, string> | undefined;
  const all = en as Record<string, string>;
  const text = dict?.[`${key}.${category}`] ?? dict?.[`${key}.other`] ?? all[`${key}.${category}`] ?? all[`${key}.other`];
  return fill(text, { n: new Intl.NumberFormat(loc).format(n), ...vars });
}
