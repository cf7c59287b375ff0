import type { LocalizedText, SessionStatus, SessionType, Visibility } from '@cop/contracts';

/**
 * The demo: the sixth meeting of the Conference of the Parties to the Minamata Convention
 * (CICG, Geneva, 3-7 November 2025). Meeting facts are public (see shared/data/cop6-facts.json);
 * the schedule is invented but keeps to how such a week runs: regional groups before plenary,
 * plenary 10:00-13:00 and 15:00-18:00, side events at lunch, contact groups in the evening.
 * `seed:demo` places the same week around today (see under-way.ts); `--dates 2025-11-03` keeps
 * the historical dates.
 */
export const DEMO_MEETING = {
  code: 'mc-cop-6',
  title: {
    en: 'Sixth meeting of the Conference of the Parties to the Minamata Convention on Mercury',
    fr: 'Sixième réunion de la Conférence des Parties à la Convention de Minamata sur le mercure',
    es: 'Sexta reunión de la Conferencia de las Partes en el Convenio de Minamata sobre el Mercurio',
  } as LocalizedText,
  shortTitle: 'COP-6',
  venue: 'Geneva International Conference Centre (CICG), 17 rue de Varembé, Geneva, Switzerland',
  timeZone: 'Europe/Zurich',
  startDate: '2025-11-03',
  endDate: '2025-11-07',
};

export const DEMO_ROOMS = [
  { name: 'Room 1 (Plenary hall)', capacity: 1200 },
  { name: 'Room 2', capacity: 600 },
  { name: 'Room 3', capacity: 120 },
  { name: 'Room 4', capacity: 120 },
  { name: 'Room 5-6', capacity: 150 },
  { name: 'Room 7-8', capacity: 150 },
  { name: 'Room 13', capacity: 40 },
  { name: 'Press room', capacity: 60 },
];

export const DEMO_AGENDA: { number: string; title: LocalizedText }[] = [
  { number: '1', title: { en: 'Opening of the meeting', fr: 'Ouverture de la réunion', es: 'Apertura de la reunión' } },
  { number: '2', title: { en: 'Rules of procedure', fr: 'Règlement intérieur', es: 'Reglamento' } },
  { number: '3', title: { en: 'Organizational matters', fr: 'Questions d’organisation', es: 'Cuestiones de organización' } },
  { number: '3 (a)', title: { en: 'Adoption of the agenda', fr: 'Adoption de l’ordre du jour', es: 'Aprobación del programa' } },
  { number: '3 (b)', title: { en: 'Organization of work', fr: 'Organisation des travaux', es: 'Organización de los trabajos' } },
  { number: '3 (c)', title: { en: 'Report on the credentials of representatives' } },
  { number: '4', title: { en: 'Matters for consideration or action by the Conference of the Parties' } },
  { number: '4 (a)', title: { en: 'Mercury supply sources and trade (Article 3)' } },
  { number: '4 (b)', title: { en: 'Mercury-added products (Article 4)' } },
  { number: '4 (c)', title: { en: 'Artisanal and small-scale gold mining (Article 7)' } },
  { number: '4 (d)', title: { en: 'Mercury waste (Article 11)' } },
  { number: '4 (e)', title: { en: 'Financial resources and mechanism (Article 13)' } },
  { number: '4 (f)', title: { en: 'Reporting (Article 21) and effectiveness evaluation (Article 22)' } },
  { number: '4 (g)', title: { en: 'Cooperation with the Basel, Rotterdam and Stockholm conventions and other entities' } },
  { number: '4 (h)', title: { en: 'Knowledge management and digitalization' } },
  {
    number: '5',
    title: {
      en: 'Programme of work and budget for the biennium 2026–2027',
      fr: 'Programme de travail et budget pour l’exercice biennal 2026-2027',
    },
  },
  { number: '6', title: { en: 'Venue and date of the seventh meeting of the Conference of the Parties' } },
  { number: '7', title: { en: 'Other matters', fr: 'Questions diverses', es: 'Otros asuntos' } },
  { number: '8', title: { en: 'Adoption of the report', fr: 'Adoption du rapport', es: 'Aprobación del informe' } },
  { number: '9', title: { en: 'Closure of the meeting', fr: 'Clôture de la réunion', es: 'Clausura de la reunión' } },
];

export interface DemoSession {
  day: string;
  start: string;
  end: string;
  type: SessionType;
  title: LocalizedText;
  room: string;
  agenda: string[];
  visibility: Visibility;
  status?: SessionStatus;
}

/** The first day of COP-6 as it was held. */
export const HISTORICAL_FIRST_DAY = '2025-11-03';

/** The meeting's five days from `firstDay` (YYYY-MM-DD). */
export function demoDays(firstDay: string): string[] {
  const first = Date.parse(`${firstDay}T12:00:00Z`);
  return Array.from({ length: 5 }, (_, i) => new Date(first + i * 86_400_000).toISOString().slice(0, 10));
}
const REGIONAL_GROUPS: [string, string][] = [
  ['African Group', 'Room 3'],
  ['Asia-Pacific Group', 'Room 4'],
  ['Central and Eastern European Group', 'Room 5-6'],
  ['Latin American and Caribbean Group (GRULAC)', 'Room 7-8'],
  ['Western European and Others Group (WEOG)', 'Room 13'],
];
const PLENARY: LocalizedText = {
  en: 'Plenary',
  fr: 'Séance plénière',
  es: 'Sesión plenaria',
  ru: 'Пленарное заседание',
  zh: '全体会议',
  ar: 'جلسة عامة',
};
const PLENARY_AGENDA: [string[], string[]][] = [
  [
    ['1', '2', '3 (a)', '3 (b)'],
    ['4 (a)', '4 (b)'],
  ],
  [['4 (c)', '4 (d)'], ['4 (e)']],
  [
    ['4 (f)', '4 (g)'],
    ['4 (h)', '5'],
  ],
  [
    ['3 (c)', '4 (e)'],
    ['5', '6'],
  ],
  [['7'], ['8', '9']],
];
const SIDE_EVENTS = [
  'Launch of the Minamata Exchange Platform',
  'Phasing out mercury in artisanal and small-scale gold mining: lessons from the planetGOLD programme',
  'Dental amalgam phase-down: experiences from national action plans',
  'Mercury waste thresholds: implementation tools for customs and environment agencies',
  'Youth voices for a mercury-free future',
];

export function demoSessions(days = demoDays(HISTORICAL_FIRST_DAY)): DemoSession[] {
  const sessions: DemoSession[] = [];
  days.forEach((day, i) => {
    for (const [group, room] of REGIONAL_GROUPS) {
      sessions.push({
        day,
        start: '08:30',
        end: '09:45',
        type: 'regional-group',
        title: { en: `${group} coordination meeting` },
        room,
        agenda: [],
        visibility: 'participants',
      });
    }
    sessions.push({
      day,
      start: '09:00',
      end: '09:45',
      type: 'bureau',
      title: { en: 'Meeting of the Bureau', fr: 'Réunion du Bureau', es: 'Reunión de la Mesa' },
      room: 'Room 2',
      agenda: [],
      visibility: 'participants',
    });
    sessions.push({
      day,
      start: '10:00',
      end: '13:00',
      type: 'plenary',
      title: PLENARY,
      room: 'Room 1 (Plenary hall)',
      agenda: PLENARY_AGENDA[i][0],
      visibility: 'public',
    });
    sessions.push({
      day,
      start: '13:15',
      end: '14:45',
      type: 'side-event',
      title: { en: SIDE_EVENTS[i] },
      room: 'Room 2',
      agenda: [],
      visibility: 'public',
    });
    sessions.push({
      day,
      start: '15:00',
      end: '18:00',
      type: 'plenary',
      title: PLENARY,
      room: 'Room 1 (Plenary hall)',
      agenda: PLENARY_AGENDA[i][1],
      visibility: 'public',
    });
    if (i < 4) {
      sessions.push({
        day,
        start: '18:30',
        end: '21:00',
        type: 'contact-group',
        title: { en: 'Contact group on budget and programme of work' },
        room: 'Room 3',
        agenda: ['5'],
        visibility: 'participants',
      });
      sessions.push({
        day,
        start: '18:30',
        end: '21:00',
        type: 'contact-group',
        title: { en: 'Contact group on technical matters' },
        room: 'Room 4',
        agenda: ['4 (b)', '4 (d)'],
        visibility: 'participants',
      });
    }
  });
  sessions.push({
    day: days[4],
    start: '13:15',
    end: '13:45',
    type: 'press-briefing',
    title: { en: 'Press briefing by the President of COP-6' },
    room: 'Press room',
    agenda: [],
    visibility: 'public',
  });
  return sessions;
}
