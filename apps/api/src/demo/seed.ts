import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '@cop/contracts';
import { UsersService } from '../auth/users.service';
import { parseInstant } from '../calendar/rules';
import { insertSession } from '../calendar/session.queries';
import { insertAgendaItem, linkAgendaItems } from '../meetings/agenda-items.queries';
import { insertMeeting } from '../meetings/meeting.queries';
import { agendaSortKey } from '../meetings/meetings.service';
import { insertRoom } from '../meetings/room.queries';
import { seedDemoRegistrations } from '../registration/demo';
import { DEMO_AGENDA, DEMO_MEETING, DEMO_ROOMS, demoSessions } from './demo-meeting';
import { isEmptyDatabase } from './demo.queries';
import { seedDemoStream } from './demo-stream';

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

/**
 * Loads the demo meeting and demo accounts, only into an empty database. Passwords are random
 * for each new database: there are no default credentials.
 */
export async function seedDemo(ds: DataSource): Promise<DemoAccount[] | null> {
  if (!(await isEmptyDatabase(ds))) return null;

  const users = new UsersService(ds);
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    const password = randomBytes(12).toString('base64url');
    await users.create({ ...u, password });
    accounts.push({ email: u.email, role: u.role, password });
  }

  await ds.transaction(async (em) => {
    const m = DEMO_MEETING;
    const meetingId = await insertMeeting(em, m);
    const rooms = new Map<string, string>();
    for (const r of DEMO_ROOMS) rooms.set(r.name, (await insertRoom(em, meetingId, r)).id);
    const items = new Map<string, string>();
    for (const a of DEMO_AGENDA) {
      const item = await insertAgendaItem(em, meetingId, { number: a.number, title: a.title, sort_key: agendaSortKey(a.number) });
      items.set(a.number, item.id);
    }
    for (const s of demoSessions()) {
      // Venue times: the zone's offset for that date.
      const id = await insertSession(em, meetingId, {
        type: s.type,
        title: s.title,
        roomId: rooms.get(s.room)!,
        startsAt: parseInstant(`${s.day}T${s.start}`, m.timeZone)!,
        endsAt: parseInstant(`${s.day}T${s.end}`, m.timeZone)!,
        status: s.status ?? 'scheduled',
        visibility: s.visibility,
        statusReason: null,
      });
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
    await seedDemoStream(em, meetingId, rooms);
  });
  return accounts;
}
