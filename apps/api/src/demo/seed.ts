import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '@cop/contracts';
import { UsersService } from '../auth/users.service';
import { insertSession } from '../calendar/session.queries';
import { insertAgendaItem, linkAgendaItems } from '../meetings/agenda-items.queries';
import { insertMeeting } from '../meetings/meeting.queries';
import { agendaSortKey } from '../meetings/meetings.service';
import { insertRoom } from '../meetings/room.queries';
import { seedDemoRegistrations } from '../registration/demo';
import { DEMO_AGENDA, DEMO_MEETING, DEMO_ROOMS } from './demo-meeting';
import { isEmptyDatabase } from './demo.queries';
import { seedDemoStream } from './demo-stream';
import { demoWeek } from './under-way';

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

const DEMO_USERS: { email: string; role: Role; displayName: string }[] = [
  { email: 'secretariat@cop6.demo', role: 'secretariat', displayName: 'Meeting secretariat (demo)' },
  { email: 'delegate@cop6.demo', role: 'delegate', displayName: 'Party delegate (demo)' },
  { email: 'observer@cop6.demo', role: 'observer', displayName: 'Accredited observer (demo)' },
  // Switzerland's focal point nominates; security scans badges at the entrance.
  { email: 'focal-point@cop6.demo', role: 'focal-point', displayName: 'Focal point of Switzerland (demo)' },
  { email: 'security@cop6.demo', role: 'security', displayName: 'Venue security (demo)' },
];

export interface DemoOptions {
  /** The historical week from this day (e.g. 2025-11-03), every session scheduled; default: the week around `now`, under way. */
  firstDay?: string;
  now?: Date;
}

/**
 * Loads the demo meeting and demo accounts, only into an empty database. Passwords are random
 * for each new database: there are no default credentials.
 */
export async function seedDemo(ds: DataSource, options: DemoOptions = {}): Promise<DemoAccount[] | null> {
  if (!(await isEmptyDatabase(ds))) return null;
  const week = demoWeek(DEMO_MEETING.timeZone, options);

  const users = new UsersService(ds);
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    const password = randomBytes(12).toString('base64url');
    await users.create({ ...u, password });
    accounts.push({ email: u.email, role: u.role, password });
  }

  await ds.transaction(async (em) => {
    const m = { ...DEMO_MEETING, startDate: week.days[0], endDate: week.days[4] };
    const meetingId = await insertMeeting(em, m);
    const rooms = new Map<string, string>();
    for (const r of DEMO_ROOMS) rooms.set(r.name, (await insertRoom(em, meetingId, r)).id);
    const items = new Map<string, string>();
    for (const a of DEMO_AGENDA) {
      const item = await insertAgendaItem(em, meetingId, { number: a.number, title: a.title, sort_key: agendaSortKey(a.number) });
      items.set(a.number, item.id);
    }
    let onAirId: string | null = null;
    for (const s of week.sessions) {
      const id = await insertSession(em, meetingId, {
        type: s.type,
        title: s.title,
        roomId: rooms.get(s.room)!,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        status: s.status,
        visibility: s.visibility,
        statusReason: s.statusReason ?? null,
      });
      if (s === week.onAir) onAirId = id;
      await linkAgendaItems(
        em,
        'session',
        id,
        s.agenda.map((number) => items.get(number)!),
      );
    }
    await seedDemoRegistrations(em, meetingId, {
      delegate: 'delegate@cop6.demo',
      observer: 'observer@cop6.demo',
      focalPoint: 'focal-point@cop6.demo',
    });
    const onAir = week.onAir && onAirId ? { sessionId: onAirId, agendaItemId: items.get(week.onAir.agenda[0]) ?? null } : null;
    await seedDemoStream(em, meetingId, rooms, onAir);
  });
  return accounts;
}
