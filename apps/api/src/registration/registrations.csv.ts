import type { RegistrationDto } from '@cop/contracts';

/** The export's columns: header, and how the cell is read from the registration. */
const COLUMNS: [string, (r: RegistrationDto) => unknown][] = [
  ['id', (r) => r.id],
  ['status', (r) => r.status],
  ['category', (r) => r.category],
  ['party_code', (r) => r.party?.code],
  ['party', (r) => r.party?.name],
  ['regional_group', (r) => r.party?.regionalGroup],
  ['organization', (r) => r.organization?.name],
  ['title', (r) => r.title],
  ['given_name', (r) => r.givenName],
  ['family_name', (r) => r.familyName],
  ['function', (r) => r.function],
  ['job_title', (r) => r.jobTitle],
  ['email', (r) => r.email],
  ['phone', (r) => r.phone],
  ['nationality', (r) => r.nationality],
  ['gender', (r) => r.gender],
  ['preferred_language', (r) => r.preferredLanguage],
  ['status_reason', (r) => r.statusReason],
  ['checked_in_at', (r) => r.checkedInAt],
  ['created_at', (r) => r.createdAt],
];

/** Registrations as CSV for a spreadsheet: a UTF-8 byte order mark, a header line, CRLF line ends. */
export function registrationsCsv(items: RegistrationDto[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(','), ...items.map((r) => COLUMNS.map(([, f]) => csvCell(f(r))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One CSV cell; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
