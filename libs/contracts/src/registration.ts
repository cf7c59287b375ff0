import type { UnLanguage } from './languages';

// Zod-free on purpose: the portal imports it at runtime (request schemas live in registration-schemas.ts).

/** The UN regional groups (shared/data/cop6-facts.json). */
export const REGIONAL_GROUPS = [
  'African Group',
  'Asia-Pacific Group',
  'Central and Eastern European Group (CEE)',
  'Latin American and Caribbean Group (GRULAC)',
  'Western European and Others Group (WEOG)',
] as const;
export type RegionalGroup = (typeof REGIONAL_GROUPS)[number];

export const PARTICIPANT_CATEGORIES = ['party', 'observer-igo', 'observer-ngo', 'media', 'secretariat', 'un-agency'] as const;
export type ParticipantCategory = (typeof PARTICIPANT_CATEGORIES)[number];

/** Kinds of observer organization; each maps to the participant category of its people. */
export const ORGANIZATION_KINDS = ['igo', 'ngo', 'media', 'un-agency'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const CATEGORY_OF_ORGANIZATION: Record<OrganizationKind, ParticipantCategory> = {
  igo: 'observer-igo',
  ngo: 'observer-ngo',
  media: 'media',
  'un-agency': 'un-agency',
};

export const DELEGATION_FUNCTIONS = ['head-of-delegation', 'alternate', 'adviser', 'representative', 'journalist', 'staff'] as const;
export type DelegationFunction = (typeof DELEGATION_FUNCTIONS)[number];

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;

/** `unconfirmed`: a self-registration waiting for its organization's contact to confirm it (then `pending`). */
export const REGISTRATION_STATUSES = ['unconfirmed', 'pending', 'on-hold', 'approved', 'rejected', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const CHECK_IN_REJECTIONS = ['malformed', 'forged', 'expired', 'revoked', 'other-meeting'] as const;
export type CheckInRejection = (typeof CHECK_IN_REJECTIONS)[number];

// ---------- response shapes ----------

export interface PartyDto {
  code: string;
  name: string;
  regionalGroup: RegionalGroup | null;
}

export interface OrganizationDto {
  id: string;
  name: string;
  kind: OrganizationKind;
  country: string | null;
}

export interface RegistrationDto {
  id: string;
  meeting: string;
  category: ParticipantCategory;
  party: PartyDto | null;
  organization: OrganizationDto | null;
  title: string | null;
  givenName: string;
  familyName: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  function: DelegationFunction;
  gender: string | null;
  nationality: string;
  preferredLanguage: UnLanguage;
  status: RegistrationStatus;
  /** Why it was rejected, cancelled or put on hold (the participant sees it). */
  statusReason: string | null;
  letterId: string | null;
  selfRegistered: boolean;
  checkedInAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RegistrationEventDto {
  from: RegistrationStatus | null;
  to: RegistrationStatus;
  reason: string | null;
  by: { id: string; email: string } | null;
  at: string;
}

/** The personal data the secretariat may correct (a typo in a name or an address). */
export const CORRECTABLE_FIELDS = ['givenName', 'familyName', 'email'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** One audited correction: who changed which fields of a registration, from what to what. */
export interface RegistrationCorrectionDto {
  at: string;
  by: string;
  changes: { field: CorrectableField; from: string; to: string }[];
}

export interface RegistrationDetailDto extends RegistrationDto {
  history: RegistrationEventDto[];
  corrections: RegistrationCorrectionDto[];
}

export interface PublicParticipantDto {
  name: string;
  partyOrOrganization: string;
  category: ParticipantCategory;
  function: DelegationFunction;
}

/** A badge replaced: every badge printed before is revoked; the participant prints the new one. */
export interface BadgeReissueDto {
  registrationId: string;
  badgeVersion: number;
  reissuedAt: string;
}

export interface BadgeDto {
  meeting: { code: string; shortTitle: string; title: string; venue: string; startDate: string; endDate: string };
  name: string;
  category: ParticipantCategory;
  partyOrOrganization: string;
  function: DelegationFunction;
  /** The signed token the QR code holds. */
  token: string;
  /** data:image/png;base64,... of the QR code. */
  qr: string;
  validUntil: string;
}

export type CheckInResult =
  | {
      ok: true;
      status: 'checked-in' | 'already-checked-in';
      message: string;
      firstCheckedInAt: string;
      participant: { name: string; partyOrOrganization: string; category: ParticipantCategory };
    }
  | {
      ok: false;
      reason: CheckInRejection;
      message: string;
      /** Whose badge it is, when the badge was ours (expired or revoked), so the desk can help them. */
      participant?: { name: string; partyOrOrganization: string; category: ParticipantCategory };
      /** An expired badge: when it stopped being valid. */
      validUntil?: string;
      /** A revoked badge: what the registration is now (approved: a newer badge replaced this one). */
      status?: RegistrationStatus;
    };
