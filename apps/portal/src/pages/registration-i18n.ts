import type { UnLanguage } from '@cop/contracts/languages';
import { fill, uiLang } from '../i18n';

/**
 * Strings of the registration pages. They live in this (lazily loaded) chunk rather than in
 * i18n.ts so the schedule bundle does not carry them; the other languages are in
 * ./registration-locales/<code>.ts, each loaded (by loadRegistrationStrings) only when a
 * registration page is shown in that language.
 */
export const REG_EN = {
  'reg.signInFirst': 'Please sign in to use this page.',
  'reg.forbidden': 'Your account cannot use this page.',
  'reg.status.unconfirmed': 'Awaiting the organization',
  'reg.status.pending': 'Pending',
  'reg.status.on-hold': 'On hold',
  'reg.status.approved': 'Approved',
  'reg.status.rejected': 'Rejected',
  'reg.status.cancelled': 'Cancelled',
  'reg.cat.party': 'Party',
  'reg.cat.observer-igo': 'Observer (IGO)',
  'reg.cat.observer-ngo': 'Observer (NGO)',
  'reg.cat.media': 'Media',
  'reg.cat.secretariat': 'Secretariat',
  'reg.cat.un-agency': 'UN agency',
  'reg.fn.head-of-delegation': 'Head of delegation',
  'reg.fn.alternate': 'Alternate',
  'reg.fn.adviser': 'Adviser',
  'reg.fn.representative': 'Representative',
  'reg.fn.journalist': 'Journalist',
  'reg.fn.staff': 'Staff',
  'reg.gender.female': 'Female',
  'reg.gender.male': 'Male',
  'reg.gender.other': 'Other',
  'reg.gender.undisclosed': 'Prefer not to say',

  'nominate.title': 'Nominate participants',
  'nominate.intro':
    'Nominate the members of your delegation. Names may be written in any script. One letter of nomination (PDF) may cover several participants.',
  'nominate.letter': 'Letter of nomination (PDF)',
  'nominate.letterHelp': 'A PDF signed by the competent authority. Upload it once; it is reused for the next nominations.',
  'nominate.letterUploaded': 'Letter uploaded: {name}',
  'nominate.letterReplace': 'Use another letter',
  'nominate.titleField': 'Title',
  'nominate.none': '—',
  'nominate.givenName': 'Given name(s)',
  'nominate.familyName': 'Family name',
  'nominate.email': 'Email',
  'nominate.phone': 'Phone (optional)',
  'nominate.jobTitle': 'Job title (optional)',
  'nominate.function': 'Function',
  'nominate.gender': 'Gender (optional, for UN statistics)',
  'nominate.nationality': 'Nationality (two-letter code, e.g. CH)',
  'nominate.language': 'Preferred language for emails',
  'nominate.submit': 'Nominate',
  'nominate.submitting': 'Sending…',
  'nominate.created': '{name} has been nominated. The secretariat will review the nomination.',
  'nominate.duplicate': '{name} had already been nominated; the existing nomination is shown below.',
  'nominate.fixErrors': 'Please correct the fields marked below.',
  'nominate.letterMissing': 'Attach the letter of nomination (a PDF).',
  'nominate.list': 'Your nominations',
  'nominate.listEmpty': 'No nominations yet.',
  'nominate.name': 'Name',
  'nominate.status': 'Status',
  'nominate.answer': 'Answer',
  'nominate.answerNote': 'Note to the secretariat',
  'nominate.answerLetter': 'New letter of nomination (PDF, optional)',
  'nominate.answerSend': 'Send the answer',
  'nominate.answerNeeded': 'Write a note or attach a new letter.',
  'nominate.answered': '{name}: answered; the secretariat will review the nomination again.',

  'me.title': 'My registration',
  'me.none': 'You have no registration for this meeting.',
  'me.status': 'Status: {status}',
  'me.reason': 'Reason: {reason}',
  'me.badge': 'Your badge',
  'me.badgeAlt': 'Badge QR code for {name}',
  'me.print': 'Print badge',
  'me.badgeHelp': 'Show this QR code at the entrance. Keep it private: it identifies you.',
  'me.validUntil': 'Valid until {date}',
  'me.expired': 'This badge expired on {date}: it will be refused at the entrance. Ask the registration desk for help.',

  'review.title': 'Registrations',
  'review.filters': 'Filter registrations',
  'review.status': 'Status',
  'review.category': 'Category',
  'review.party': 'Party (code)',
  'review.all': 'All',
  'review.apply': 'Filter',
  'review.csv': 'Export as CSV',
  'review.count': '{shown} of {total} registrations',
  'review.empty': 'No registrations match.',
  'review.select': 'Select {name}',
  'review.selectAll': 'Select all',
  'review.bulkApprove': 'Approve selected ({n})',
  'review.approve': 'Approve',
  'review.reject': 'Reject',
  'review.hold': 'Hold',
  'review.reasonPrompt': 'Reason (the participant sees it)',
  'review.reasonRequired': 'Give a reason.',
  'review.confirmReject': 'Reject',
  'review.confirmHold': 'Put on hold',
  'review.cancel': 'Cancel',
  'review.done': '{name}: {status}.',
  'review.bulkDone': '{ok} approved, {failed} not changed.',
  'review.shortcuts': 'Shortcuts: on a focused row, A approves, R rejects, H holds; J and K move between rows.',
  'review.partyOrOrg': 'Party / organization',
  'review.nationality': 'Nationality',
  'review.actions': 'Actions',
  'review.details': 'Details',
  'details.title': 'Registration of {name}',
  'details.loading': 'Loading…',
  'details.letter': 'Open the letter of nomination',
  'details.noLetter': 'No letter of nomination.',
  'details.history': 'History',
  'details.event': '{at}: {from} → {to}, by {by}.',
  'details.system': 'the system',
  'details.corrections': 'Corrections',
  'details.correction': '{at}, {by}: {field} “{from}” → “{to}”',
  'details.correct': 'Correct a name or the email',
  'details.save': 'Save the correction',
  'details.badgeTitle': 'Replace a lost badge',
  'details.badgeHint':
    'Every badge printed so far stops admitting at the entrance; the participant prints the new one from their registration page.',
  'details.badgeReason': 'Why it is replaced',
  'details.badgeReplace': 'Replace the badge',
  'details.badgeReasonMissing': 'Say why the badge is replaced.',
  'details.badgeReplaced': 'Badge replaced: earlier badges of {name} are revoked.',
  'details.saved': '{name}: correction saved.',
  'details.noChange': 'Nothing to correct: the fields are unchanged.',

  'confirm.title': 'Self-registrations to confirm',
  'confirm.intro':
    'People who registered themselves for your organization. Confirm those who represent it: the secretariat then reviews and approves them. Decline the others with a reason; they see it.',
  'confirm.confirm': 'Confirm',
  'confirm.decline': 'Decline',
  'confirm.confirmed': '{name}: confirmed, now with the secretariat for approval.',
  'confirm.declined': '{name}: declined.',
  'confirm.jobTitle': 'Job title',
  'confirm.empty': 'No self-registration waits for your confirmation.',

  'checkin.title': 'Check-in',
  'checkin.token': 'Badge token',
  'checkin.tokenHelp': 'Scan the badge, or type or paste the token and press Enter.',
  'checkin.submit': 'Check in',
  'checkin.scan': 'Scan with camera',
  'checkin.stopScan': 'Stop camera',
  'checkin.noCamera': 'The camera could not be started: {message}',
  'checkin.welcome': 'Welcome: {name}',
  'checkin.already': 'Already checked in at {time}: {name}',
  'checkin.rejected.malformed': 'Not a badge token (malformed).',
  'checkin.rejected.forged': 'Forged badge: the signature does not match.',
  'checkin.rejected.expired': 'Expired badge.',
  'checkin.rejected.revoked': 'Revoked badge: the registration is no longer approved.',
  'checkin.rejected.other-meeting': 'This badge is for another meeting.',
  'checkin.expiredUntil': 'Expired: valid until {date}.',
  'checkin.next.malformed': 'Scan the badge again; if it still fails, send the person to the registration desk.',
  'checkin.next.forged': 'Do not admit the person; call the security supervisor.',
  'checkin.next.expired': 'Send the person to the registration desk for a new badge.',
  'checkin.next.revoked': 'The registration is now {status}: send the person to the registration desk.',
  'checkin.next.replaced': 'A newer badge replaced this one: ask for the latest badge, or send the person to the registration desk.',
  'checkin.next.other-meeting': 'This person needs the badge for this meeting: send them to the registration desk.',

  'invite.title': 'Set your password',
  'invite.intro': 'Choose a password for your account (at least 12 characters).',
  'invite.password': 'New password',
  'invite.confirm': 'Repeat the password',
  'invite.mismatch': 'The two passwords differ.',
  'invite.tooShort': 'The password must be at least 12 characters.',
  'invite.noToken': 'This invitation link is incomplete. Open the link from the email again.',
  'invite.submit': 'Set password and sign in',
  'invite.done': 'Your password is set and you are signed in.',
  'address.title': 'Confirm your email address',
  'address.intro':
    'Confirm that this address is yours: your registration then goes to your organization’s contact or the secretariat for review.',
  'address.submit': 'Confirm my address',
  'address.done': 'Thank you. Your registration has been received; you will get an email when it has been reviewed.',
  'address.noToken': 'This confirmation link is incomplete. Open the link from the email again.',
} as const;

export type RegKey = keyof typeof REG_EN;
export type RegDictionary = Record<RegKey, string>;

export const REG_TRANSLATIONS: Record<Exclude<UnLanguage, 'en'>, () => Promise<{ default: RegDictionary }>> = {
  ar: () => import('./registration-locales/ar'),
  zh: () => import('./registration-locales/zh'),
  fr: () => import('./registration-locales/fr'),
  ru: () => import('./registration-locales/ru'),
  es: () => import('./registration-locales/es'),
};

const loaded: Partial<Record<UnLanguage, RegDictionary>> = { en: REG_EN };

/** Every registration page awaits this before rendering: the strings of the interface language. */
export async function loadRegistrationStrings(): Promise<void> {
  const code = uiLang();
  if (loaded[code]) return;
  try {
    loaded[code] = (await REG_TRANSLATIONS[code as Exclude<UnLanguage, 'en'>]()).default;
  } catch (e) {
    console.error(`could not load the ${code} registration strings`, e);
  }
}

export function rt(key: RegKey, vars?: Record<string, string | number>): string {
  return fill(loaded[uiLang()]?.[key] ?? REG_EN[key], vars);
}
