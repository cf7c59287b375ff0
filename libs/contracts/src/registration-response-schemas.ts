import { z } from 'zod';
import { UN_LANGUAGES } from './languages';
import {
  CORRECTABLE_FIELDS,
  DELEGATION_FUNCTIONS,
  ORGANIZATION_KINDS,
  PARTICIPANT_CATEGORIES,
  REGIONAL_GROUPS,
  REGISTRATION_STATUSES,
  type OrganizationDto,
  type PartyDto,
  type PublicParticipantDto,
  type RegistrationDetailDto,
  type RegistrationDto,
} from './registration';
import type { SameShape } from './same-shape';

// ---------- response schemas: what the registration endpoints answer ----------

const at = z.iso.datetime({ offset: true });

export const partyDtoSchema = z
  .object({ code: z.string(), name: z.string(), regionalGroup: z.enum(REGIONAL_GROUPS).nullable() })
  .meta({ id: 'Party' });
export const organizationDtoSchema = z
  .object({ id: z.uuid(), name: z.string(), kind: z.enum(ORGANIZATION_KINDS), country: z.string().nullable() })
  .meta({ id: 'Organization' });

export const registrationDtoSchema = z
  .object({
    id: z.uuid(),
    meeting: z.string(),
    category: z.enum(PARTICIPANT_CATEGORIES),
    party: partyDtoSchema.nullable(),
    organization: organizationDtoSchema.nullable(),
    title: z.string().nullable(),
    givenName: z.string(),
    familyName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    jobTitle: z.string().nullable(),
    function: z.enum(DELEGATION_FUNCTIONS),
    gender: z.string().nullable(),
    nationality: z.string(),
    preferredLanguage: z.enum(UN_LANGUAGES),
    status: z.enum(REGISTRATION_STATUSES),
    statusReason: z.string().nullable(),
    letterId: z.string().nullable(),
    selfRegistered: z.boolean(),
    checkedInAt: at.nullable(),
    createdAt: at,
    updatedAt: at,
  })
  .meta({ id: 'Registration' });

export const registrationDetailDtoSchema = registrationDtoSchema
  .extend({
    history: z.array(
      z.object({
        from: z.enum(REGISTRATION_STATUSES).nullable(),
        to: z.enum(REGISTRATION_STATUSES),
        reason: z.string().nullable(),
        by: z.object({ id: z.string(), email: z.string() }).nullable(),
        at,
      }),
    ),
    corrections: z.array(
      z.object({ at, by: z.string(), changes: z.array(z.object({ field: z.enum(CORRECTABLE_FIELDS), from: z.string(), to: z.string() })) }),
    ),
  })
  .meta({ id: 'RegistrationDetail', description: "A registration with its history (the focal point's view has no history)." });

export const registrationPageSchema = z
  .object({ meeting: z.string(), total: z.number().int().min(0), items: z.array(registrationDtoSchema) })
  .meta({ id: 'RegistrationPage' });

export const publicParticipantListSchema = z
  .object({
    meeting: z.string(),
    participants: z.array(
      z.object({
        name: z.string(),
        partyOrOrganization: z.string(),
        category: z.enum(PARTICIPANT_CATEGORIES),
        function: z.enum(DELEGATION_FUNCTIONS),
      }),
    ),
  })
  .meta({ id: 'PublicParticipantList' });

export const registrationSettingsDtoSchema = z
  .object({
    meeting: z.string(),
    deadline: at.nullable(),
    perPartyQuota: z.number().int().nullable(),
    perCategoryQuota: z.partialRecord(z.enum(PARTICIPANT_CATEGORIES), z.number().int()),
    publicListPublished: z.boolean(),
  })
  .meta({ id: 'RegistrationSettings' });

export const responseSchemasMatchRegistration: [
  SameShape<z.infer<typeof partyDtoSchema>, PartyDto>,
  SameShape<z.infer<typeof organizationDtoSchema>, OrganizationDto>,
  SameShape<z.infer<typeof registrationDtoSchema>, RegistrationDto>,
  SameShape<z.infer<typeof registrationDetailDtoSchema>, RegistrationDetailDto>,
  SameShape<z.infer<typeof publicParticipantListSchema>['participants'][number], PublicParticipantDto>,
] = [true, true, true, true, true];
