import type { EntityManager } from 'typeorm';
import type { OrganizationKind, RegionalGroup } from '@cop/contracts';
import { bindFocalPointByEmail, insertDemoParticipant, insertPublishedSettings, type DemoParticipant } from './demo.queries';
import { insertOrganization, insertParty } from './parties.queries';

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
  for (const [code, name, regionalGroup] of DEMO_PARTIES) parties.set(code, (await insertParty(em, { code, name, regionalGroup })).id);
  const orgs = new Map<string, string>();
  for (const [name, kind] of DEMO_ORGANIZATIONS) orgs.set(name, (await insertOrganization(em, { name, kind, country: null })).id);
  const people: DemoParticipant[] = [
    {
      meetingId,
      email: accounts.delegate,
      category: 'party',
      partyId: parties.get('CHE')!,
      organizationId: null,
      function: 'head-of-delegation',
      givenName: 'Demo',
      familyName: 'Delegate',
      nationality: 'CH',
    },
    {
      meetingId,
      email: accounts.observer,
      category: 'observer-ngo',
      partyId: null,
      organizationId: orgs.get('IPEN')!,
      function: 'representative',
      givenName: 'Demo',
      familyName: 'Observer',
      nationality: 'SE',
    },
  ];
  for (const p of people) await insertDemoParticipant(em, p);
  await bindFocalPointByEmail(em, accounts.focalPoint, parties.get('CHE')!);
  await insertPublishedSettings(em, meetingId);
}
