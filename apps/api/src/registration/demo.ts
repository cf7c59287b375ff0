import type { EntityManager } from 'typeorm';
import type { OrganizationKind, RegionalGroup } from '@cop/contracts';

const [AF, AP, CEE, GRULAC, WEOG]: RegionalGroup[] = [
  'African Group',
  'Asia-Pacific Group',
  'Central and Eastern European Group (CEE)',
  'Latin American and Caribbean Group (GRULAC)',
  'Western European and Others Group (WEOG)',
];

/** Parties to the Minamata Convention, by UN regional group (the European Union belongs to none). */
export const DEMO_PARTIES: [string, string, RegionalGroup | null][] = [
  ['BEN', 'Benin', AF],
  ['BWA', 'Botswana', AF],
  ['GHA', 'Ghana', AF],
  ['KEN', 'Kenya', AF],
  ['MLI', 'Mali', AF],
  ['NGA', 'Nigeria', AF],
  ['SEN', 'Senegal', AF],
  ['ZAF', 'South Africa', AF],
  ['CHN', 'China', AP],
  ['IDN', 'Indonesia', AP],
  ['IND', 'India', AP],
  ['JPN', 'Japan', AP],
  ['PHL', 'Philippines', AP],
  ['JOR', 'Jordan', AP],
  ['CZE', 'Czechia', CEE],
  ['HRV', 'Croatia', CEE],
  ['POL', 'Poland', CEE],
  ['ROU', 'Romania', CEE],
  ['ARG', 'Argentina', GRULAC],
  ['BRA', 'Brazil', GRULAC],
  ['COL', 'Colombia', GRULAC],
  ['JAM', 'Jamaica', GRULAC],
  ['MEX', 'Mexico', GRULAC],
  ['PER', 'Peru', GRULAC],
  ['CAN', 'Canada', WEOG],
  ['CHE', 'Switzerland', WEOG],
  ['DEU', 'Germany', WEOG],
  ['FRA', 'France', WEOG],
  ['NOR', 'Norway', WEOG],
  ['USA', 'United States of America', WEOG],
  ['EU', 'European Union', null],
];

export const DEMO_ORGANIZATIONS: [string, OrganizationKind][] = [
  ['United Nations Environment Programme (UNEP)', 'un-agency'],
  ['World Health Organization (WHO)', 'un-agency'],
  ['Global Environment Facility (GEF)', 'igo'],
  ['IPEN', 'ngo'],
  ['Zero Mercury Working Group', 'ngo'],
  ['Earth Negotiations Bulletin (IISD)', 'media'],
];

/**
 * Parties, observer organizations and approved registrations that keep the demo delegate
 * (Switzerland) and the demo observer (IPEN) participants of the demo meeting; the demo focal
 * point speaks for Switzerland; the public list of participants is published.
 */
export async function seedDemoRegistrations(
  em: EntityManager,
  meetingId: string,
  accounts: { delegate: string; observer: string; focalPoint: string },
): Promise<void> {
  const parties = new Map<string, string>();
  for (const [code, name, group] of DEMO_PARTIES) {
    const [{ id }] = await em.query('INSERT INTO party (code, name, regional_group) VALUES ($1,$2,$3) RETURNING id', [code, name, group]);
    parties.set(code, id);
  }
  const orgs = new Map<string, string>();
  for (const [name, kind] of DEMO_ORGANIZATIONS) {
    const [{ id }] = await em.query('INSERT INTO organization (name, kind) VALUES ($1,$2) RETURNING id', [name, kind]);
    orgs.set(name, id);
  }
  const people = [
    {
      email: accounts.delegate,
      category: 'party',
      party: parties.get('CHE'),
      org: null,
      fn: 'head-of-delegation',
      given: 'Demo',
      family: 'Delegate',
      nat: 'CH',
    },
    {
      email: accounts.observer,
      category: 'observer-ngo',
      party: null,
      org: orgs.get('IPEN'),
      fn: 'representative',
      given: 'Demo',
      family: 'Observer',
      nat: 'SE',
    },
  ];
  for (const p of people) {
    const [{ id }] = await em.query(
      `INSERT INTO registration (meeting_id, category, party_id, organization_id, given_name, family_name, email, function, nationality,
          preferred_language, status, user_id)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, 'en', 'approved', u.id FROM app_user u WHERE u.email = $7 RETURNING id`,
      [meetingId, p.category, p.party, p.org, p.given, p.family, p.email, p.fn, p.nat],
    );
    await em.query(
      `INSERT INTO registration_event (registration_id, from_status, to_status, reason) VALUES ($1, NULL, 'pending', 'demo data'), ($1, 'pending', 'approved', 'demo data')`,
      [id],
    );
  }
  await em.query('INSERT INTO focal_point (user_id, party_id) SELECT id, $2 FROM app_user WHERE email = $1', [
    accounts.focalPoint,
    parties.get('CHE'),
  ]);
  await em.query('INSERT INTO registration_settings (meeting_id, public_list_published_at) VALUES ($1, now())', [meetingId]);
}
