import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Role } from '@cop/contracts';
import { UsersService } from '../auth/users.service';
import { agendaSortKey } from '../meetings/meetings.service';
import { seedDemoRegistrations } from '../registration/demo';
import { DEMO_AGENDA, DEMO_MEETING, DEMO_ROOMS, demoSessions } from './demo-meeting';
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
  const [{ n }] = await ds.query('SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM meeting) AS n');
  if (Number(n) > 0) return null;

  const users = new UsersService(ds);
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    const password = randomBytes(12).toString('base64url');
    await users.create({ ...u, password });
    accounts.push({ email: u.email, role: u.role, password });
  }

  await ds.transaction(async (em) => {
    const m = DEMO_MEETING;
    const [{ id: meetingId }] = await em.query(
      `INSERT INTO meeting (code, title, short_title, venue, time_zone, start_date, end_date) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [m.code, m.title, m.shortTitle, m.venue, m.timeZone, m.startDate, m.endDate],
    );
    const rooms = new Map<string, string>();
    for (const r of DEMO_ROOMS) {
      const [{ id }] = await em.query('INSERT INTO room (meeting_id, name, capacity) VALUES ($1,$2,$3) RETURNING id', [
        meetingId,
        r.name,
        r.capacity,
      ]);
      rooms.set(r.name, id);
    }
    const items = new Map<string, string>();
    for (const a of DEMO_AGENDA) {
      const [{ id }] = await em.query('INSERT INTO agenda_item (meeting_id, number, title, sort_key) VALUES ($1,$2,$3,$4) RETURNING id', [
        meetingId,
        a.number,
        a.title,
        agendaSortKey(a.number),
      ]);
      items.set(a.number, id);
    }
    for (const s of demoSessions()) {
      // Local venue times; PostgreSQL applies the zone's offset for that date.
      const [{ id }] = await em.query(
        `INSERT INTO calendar_session (meeting_id, type, title, room_id, starts_at, ends_at, status, visibility)
         VALUES ($1, $2, $3, $4, ($5::timestamp AT TIME ZONE $9), ($6::timestamp AT TIME ZONE $9), $7, $8) RETURNING id`,
        [
          meetingId,
          s.type,
          s.title,
          rooms.get(s.room),
          `${s.day} ${s.start}`,
          `${s.day} ${s.end}`,
          s.status ?? 'scheduled',
          s.visibility,
          m.timeZone,
        ],
      );
      for (const [position, number] of s.agenda.entries()) {
        await em.query('INSERT INTO session_agenda_item (session_id, agenda_item_id, position) VALUES ($1,$2,$3)', [
          id,
          items.get(number),
          position,
        ]);
      }
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
