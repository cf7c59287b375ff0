import { z } from 'zod';
import { UN_LANGUAGES } from './languages';
import {
  DELEGATION_FUNCTIONS,
  GENDERS,
  ORGANIZATION_KINDS,
  PARTICIPANT_CATEGORIES,
  REGIONAL_GROUPS,
  REGISTRATION_STATUSES,
} from './registration';

// ---------- request schemas ----------

/**
 * Control characters (line breaks, tabs, NUL, line separators, bidi overrides) end up in the
 * subject and body of official mail and in CSV exports: refused in every one-line text field.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const noControl = 'must not contain control characters such as line breaks or tabs';
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !CONTROL.test(s), noControl);
/** Longer text that may have several lines (a reason): line breaks allowed, other control characters not. */
const multiline = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/(?![\n\r])\p{Cc}/u.test(s), 'must not contain control characters other than line breaks');
/** Names in any script: letters (any alphabet), marks, spaces, apostrophes, hyphens, dots; one line. */
const personName = text(100).refine(
  (s) => CONTROL.test(s) || /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’.-]*$/u.test(s), // named once: the control check says why
  'must be a name (letters in any script, spaces, hyphens, apostrophes)',
);
const email = z.string().trim().toLowerCase().email('must be an email address').max(254);
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code such as CH');
const uuid = z.string().uuid('must be a UUID');

export const createPartySchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2,3}$/, 'must be an ISO 3166 alpha-3 code such as CHE (or EU)'),
    name: text(200),
    regionalGroup: z.enum(REGIONAL_GROUPS).nullable().default(null),
  })
  .strict();

export const createOrganizationSchema = z
  .object({ name: text(300), kind: z.enum(ORGANIZATION_KINDS), country: countryCode.optional() })
  .strict();

/** A focal point of a Party or the contact of an observer organization (exactly one of the two). */
export const createFocalPointSchema = z
  .object({
    email,
    displayName: text(200),
    partyCode: z.string().trim().toUpperCase().optional(),
    organizationId: uuid.optional(),
    /** Without a password the account gets an invitation link by email. */
    password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
    preferredLanguage: z.enum(UN_LANGUAGES).default('en'),
  })
  .strict()
  .refine((f) => !!f.partyCode !== !!f.organizationId, { message: 'give exactly one of partyCode or organizationId', path: ['partyCode'] });

const participantFields = {
  title: z.enum(['Mr.', 'Ms.', 'Mx.', 'Dr.', 'Prof.', 'H.E.', 'Hon.']).optional(),
  givenName: personName,
  familyName: personName,
  email,
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,25}$/, 'must be a phone number such as +41 22 917 8111')
    .optional(),
  jobTitle: text(200).optional(),
  function: z.enum(DELEGATION_FUNCTIONS),
  gender: z.enum(GENDERS).optional(),
  nationality: countryCode,
  preferredLanguage: z.enum(UN_LANGUAGES).default('en'),
};

/** A focal point nominates one participant; many nominations may share one letter. */
export const nominationSchema = z
  .object({
    ...participantFields,
    letterId: uuid,
    /** Only for the secretariat nominating on someone's behalf. */
    category: z.enum(PARTICIPANT_CATEGORIES).optional(),
    partyCode: z.string().trim().toUpperCase().optional(),
    organizationId: uuid.optional(),
  })
  .strict();
export type NominationInput = z.input<typeof nominationSchema>;

/** Individuals of media or NGOs may register themselves, for an accredited organization. */
export const selfRegistrationSchema = z
  .object({ ...participantFields, category: z.enum(['media', 'observer-ngo']), organizationId: uuid })
  .strict();

/** The token from the link that confirms a self-registering person's address. */
export const addressConfirmationSchema = z.object({ token: z.string().trim().min(20).max(8000) }).strict();

export const transitionSchema = z
  .object({
    to: z.enum(REGISTRATION_STATUSES),
    reason: multiline(2000).optional(),
    /** A new nomination letter when a registration on hold goes back to pending. */
    letterId: uuid.optional(),
  })
  .strict();
export type TransitionInput = z.input<typeof transitionSchema>;

/** The secretariat corrects a typo in a name or an email: at least one of the three. */
export const registrationCorrectionSchema = z
  .object({ givenName: personName.optional(), familyName: personName.optional(), email: email.optional() })
  .strict()
  .refine((c) => c.givenName !== undefined || c.familyName !== undefined || c.email !== undefined, {
    message: 'give at least one of givenName, familyName or email',
    path: ['givenName'],
  });
export type RegistrationCorrectionInput = z.input<typeof registrationCorrectionSchema>;

/** An organization's contact on a self-registration for that organization. */
export const confirmationSchema = z.object({ decision: z.enum(['confirm', 'decline']), reason: multiline(2000).optional() }).strict();
export type ConfirmationInput = z.input<typeof confirmationSchema>;

export const bulkTransitionSchema = z
  .object({ ids: z.array(uuid).min(1).max(500), to: z.enum(REGISTRATION_STATUSES), reason: multiline(2000).optional() })
  .strict();

export const registrationQuerySchema = z
  .object({
    status: z.enum(REGISTRATION_STATUSES).optional(),
    category: z.enum(PARTICIPANT_CATEGORIES).optional(),
    party: z.string().trim().toUpperCase().optional(),
    region: z.enum(REGIONAL_GROUPS).optional(),
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    // Bounded so that it stays an integer PostgreSQL reads (1e21 would arrive as "1e+21").
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const registrationSettingsSchema = z
  .object({
    /** ISO 8601 date-time; null: no deadline. */
    deadline: z.string().datetime({ offset: true }).nullable().optional(),
    /** Active registrations (pending, on hold, approved) allowed per Party; null: no limit. */
    perPartyQuota: z.number().int().min(0).max(10000).nullable().optional(),
    /** Active registrations allowed per category across the meeting. */
    perCategoryQuota: z.partialRecord(z.enum(PARTICIPANT_CATEGORIES), z.number().int().min(0).max(100000)).optional(),
    publicListPublished: z.boolean().optional(),
  })
  .strict();

export const acceptInvitationSchema = z
  .object({ token: z.string().min(20).max(200), password: z.string().min(12, 'must be at least 12 characters').max(1024) })
  .strict();

export const checkInSchema = z.object({ token: z.string().trim().min(1).max(2000) }).strict();

/** A lost or stolen badge: why it is replaced (kept in the registration's history). */
export const badgeReissueSchema = z.object({ reason: z.string().trim().min(1, 'Say why the badge is replaced.').max(500) }).strict();
