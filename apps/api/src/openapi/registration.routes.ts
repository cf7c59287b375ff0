import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import {
  acceptInvitationSchema,
  bulkTransitionSchema,
  checkInSchema,
  confirmationSchema,
  createFocalPointSchema,
  createOrganizationSchema,
  createPartySchema,
  nominationSchema,
  organizationDtoSchema,
  partyDtoSchema,
  publicParticipantListSchema,
  registrationCorrectionSchema,
  registrationDetailDtoSchema,
  registrationDtoSchema,
  registrationPageSchema,
  registrationQuerySchema,
  registrationSettingsDtoSchema,
  registrationSettingsSchema,
  selfRegistrationSchema,
  transitionSchema,
  addressConfirmationSchema,
  badgeReissueSchema,
} from '@cop/contracts';
import { meetingQuery } from '../registration/me.controller';
import { anyJson, code, ifMatch, operation, uuid } from './operation';

const S = ['secretariat'] as ['secretariat'];
const SF = ['secretariat', 'focal-point'] as ['secretariat', 'focal-point'];

/** Parties, organizations, focal points, nominations, review, badges, check-in, invitations. */
export const registrationPaths: ZodOpenApiPathsObject = {
  '/api/parties': {
    get: operation({ access: 'anyone', tag: 'registration', summary: 'The Parties', ok: { schema: z.array(partyDtoSchema) } }),
    post: operation({
      access: S,
      tag: 'registration',
      summary: 'Add a Party',
      body: createPartySchema,
      ok: { status: 201, schema: partyDtoSchema },
      errors: [409],
    }),
  },
  '/api/organizations': {
    get: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'Observer organizations',
      ok: { schema: z.array(organizationDtoSchema) },
    }),
    post: operation({
      access: S,
      tag: 'registration',
      summary: 'Add an observer organization',
      body: createOrganizationSchema,
      ok: { status: 201, schema: organizationDtoSchema },
      errors: [409],
    }),
  },
  '/api/focal-points': {
    get: operation({ access: S, tag: 'registration', summary: 'Focal points and whom they speak for', ok: { schema: z.array(anyJson) } }),
    post: operation({
      access: S,
      tag: 'registration',
      summary: 'Invite a focal point (mail with an invitation link)',
      body: createFocalPointSchema,
      ok: { status: 201, schema: anyJson },
      errors: [409],
    }),
  },
  '/api/invitations/accept': {
    post: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'Set a password with an invitation token',
      body: acceptInvitationSchema,
      ok: { schema: anyJson },
      errors: [410, 429],
    }),
  },
  '/api/me/registrations': {
    get: operation({
      access: 'signed-in',
      tag: 'registration',
      summary: "The caller's own registrations",
      ok: { schema: z.array(registrationDtoSchema) },
    }),
  },
  '/api/me/badge': {
    get: operation({
      access: 'signed-in',
      tag: 'registration',
      summary: "The caller's badge (approved registrations only)",
      query: meetingQuery,
      ok: { schema: anyJson },
    }),
  },
  '/api/me/badge.png': {
    get: operation({
      access: 'signed-in',
      tag: 'registration',
      summary: "The caller's badge as a printable PNG",
      query: meetingQuery,
      ok: { contentType: 'image/png' },
    }),
  },
  '/api/meetings/{code}/nomination-letters': {
    post: operation({
      access: SF,
      tag: 'registration',
      summary: 'Upload a letter of nomination (PDF body, streamed)',
      path: { code },
      fileBody: ['application/pdf'],
      ok: { status: 201, schema: anyJson },
      errors: [413, 415],
    }),
  },
  '/api/meetings/{code}/nomination-letters/{id}': {
    get: operation({
      access: SF,
      tag: 'registration',
      summary: 'Download a letter of nomination',
      path: { code, id: uuid },
      ok: { contentType: 'application/pdf' },
    }),
  },
  '/api/meetings/{code}/nominations': {
    post: operation({
      access: ['focal-point', 'secretariat'],
      tag: 'registration',
      summary: 'Nominate participants (Idempotency-Key honoured)',
      path: { code },
      body: nominationSchema,
      ok: { status: 201, schema: anyJson },
      errors: [409, 422],
    }),
  },
  '/api/meetings/{code}/self-registrations': {
    post: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'Register oneself (confirmed later by the organization)',
      path: { code },
      body: selfRegistrationSchema,
      ok: { status: 202, schema: anyJson },
      errors: [409, 422, 429],
    }),
  },
  '/api/meetings/{code}/self-registrations/{id}/confirmation': {
    post: operation({
      access: ['focal-point'],
      tag: 'registration',
      summary: 'Confirm or decline a self-registration',
      path: { code, id: uuid },
      body: confirmationSchema,
      ok: { schema: registrationDtoSchema },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/registrations': {
    get: operation({
      access: SF,
      tag: 'registration',
      summary: 'Registrations (a focal point sees its own Party or organization)',
      path: { code },
      query: registrationQuerySchema,
      ok: { schema: registrationPageSchema },
    }),
  },
  '/api/meetings/{code}/registrations.csv': {
    get: operation({
      access: S,
      tag: 'registration',
      summary: 'The filtered registrations as CSV (audited)',
      path: { code },
      query: registrationQuerySchema,
      ok: { contentType: 'text/csv' },
    }),
  },
  '/api/meetings/{code}/registrations/transitions': {
    post: operation({
      access: S,
      tag: 'registration',
      summary: 'Approve, reject or hold many registrations at once',
      path: { code },
      body: bulkTransitionSchema,
      ok: { schema: anyJson },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/registrations/{id}/badge-reissues': {
    post: operation({
      access: S,
      tag: 'registration',
      summary: 'Replace a lost badge: every earlier badge is refused as revoked; the reason goes into the history',
      path: { code, id: uuid },
      body: badgeReissueSchema,
      ok: { schema: anyJson },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/self-registrations/address-confirmation': {
    post: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'Confirm a self-registering person’s address with the mailed link; the registration is then recorded',
      path: { code },
      body: addressConfirmationSchema,
      ok: { status: 202, schema: anyJson },
      errors: [409, 410],
    }),
  },
  '/api/meetings/{code}/registrations/{id}': {
    get: operation({
      access: SF,
      tag: 'registration',
      summary: 'One registration (with history for the secretariat)',
      path: { code, id: uuid },
      ok: { schema: z.union([registrationDetailDtoSchema, registrationDtoSchema]) },
    }),
    patch: operation({
      access: S,
      tag: 'registration',
      summary: 'Correct personal data (audited)',
      path: { code, id: uuid },
      headers: { 'if-match': ifMatch },
      body: registrationCorrectionSchema,
      ok: { schema: registrationDetailDtoSchema },
      errors: [412, 428],
    }),
  },
  '/api/meetings/{code}/registrations/{id}/access-log': {
    get: operation({
      access: S,
      tag: 'registration',
      summary: "Who read this registration's personal data",
      path: { code, id: uuid },
      ok: { schema: z.array(anyJson) },
    }),
  },
  '/api/meetings/{code}/registrations/{id}/transitions': {
    post: operation({
      access: SF,
      tag: 'registration',
      summary: 'Move a registration to another status',
      path: { code, id: uuid },
      body: transitionSchema,
      ok: { schema: registrationDtoSchema },
      errors: [409, 422],
    }),
  },
  '/api/meetings/{code}/registration-settings': {
    get: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'Deadline, quotas, whether the list is public',
      path: { code },
      ok: { schema: registrationSettingsDtoSchema },
    }),
    put: operation({
      access: S,
      tag: 'registration',
      summary: 'Change deadline, quotas, publication',
      path: { code },
      body: registrationSettingsSchema,
      ok: { schema: registrationSettingsDtoSchema },
    }),
  },
  '/api/meetings/{code}/participants': {
    get: operation({
      access: 'anyone',
      tag: 'registration',
      summary: 'The published list of participants (no personal data)',
      path: { code },
      ok: { schema: publicParticipantListSchema },
    }),
  },
  '/api/meetings/{code}/check-in': {
    post: operation({
      access: ['secretariat', 'security'],
      tag: 'registration',
      summary: 'Check a badge in at the venue',
      path: { code },
      body: checkInSchema,
      ok: { schema: anyJson },
    }),
  },
};
