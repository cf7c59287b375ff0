import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  createAgendaItemSchema,
  createMeetingSchema,
  createRoomSchema,
  createSessionSchema,
  createStreamSchema,
  loginSchema,
  meetingDtoSchema,
  sessionDtoSchema,
  sessionListDtoSchema,
  sessionQuerySchema,
  streamStatusSchema,
  updateAgendaItemSchema,
  updateMeetingSchema,
  updateRoomSchema,
  updateSessionSchema,
  updateStreamSchema,
  agendaItemDtoSchema,
  roomDtoSchema,
} from '@cop/contracts';
import { changesQuery, todayQuery } from '../calendar/changes.controller';
import { anyJson, code, ifMatch, operation, uuid } from './operation';

const S = ['secretariat'] as ['secretariat'];

/** Meetings, rooms, agenda items, sessions, the change feed, streams, sign-in and health. */
export const calendarPaths: ZodOpenApiPathsObject = {
  '/api/auth/login': {
    post: operation({
      access: 'anyone',
      tag: 'auth',
      summary: 'Sign in; answers a bearer token',
      body: loginSchema,
      ok: { schema: anyJson },
      errors: [429],
    }),
  },
  '/api/auth/me': { get: operation({ access: 'signed-in', tag: 'auth', summary: 'The signed-in account', ok: { schema: anyJson } }) },
  '/api/meetings': {
    get: operation({ access: 'anyone', tag: 'meetings', summary: 'All meetings', ok: { schema: z.array(anyJson) } }),
    post: operation({
      access: S,
      tag: 'meetings',
      summary: 'Create a meeting',
      body: createMeetingSchema,
      ok: { status: 201, schema: meetingDtoSchema },
      errors: [409],
    }),
  },
  '/api/meetings/{code}': {
    get: operation({
      access: 'anyone',
      tag: 'meetings',
      summary: 'A meeting with its rooms and agenda items',
      path: { code },
      ok: { schema: meetingDtoSchema },
    }),
    patch: operation({
      access: S,
      tag: 'meetings',
      summary: "Change the meeting's titles, venue, days or time zone (emits meeting.updated)",
      path: { code },
      headers: { 'if-match': ifMatch },
      body: updateMeetingSchema,
      ok: { schema: meetingDtoSchema },
      errors: [409, 412, 422, 428],
    }),
  },
  '/api/meetings/{code}/rooms': {
    post: operation({
      access: S,
      tag: 'meetings',
      summary: 'Add a room',
      path: { code },
      body: createRoomSchema,
      ok: { status: 201, schema: roomDtoSchema },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/rooms/{id}': {
    patch: operation({
      access: S,
      tag: 'meetings',
      summary: 'Rename or resize a room',
      path: { code, id: uuid },
      body: updateRoomSchema,
      ok: { schema: roomDtoSchema },
      errors: [409],
    }),
    delete: operation({
      access: S,
      tag: 'meetings',
      summary: 'Remove an unused room',
      path: { code, id: uuid },
      ok: { status: 204, description: 'Removed' },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/agenda-items': {
    post: operation({
      access: S,
      tag: 'meetings',
      summary: 'Add an agenda item',
      path: { code },
      body: createAgendaItemSchema,
      ok: { status: 201, schema: agendaItemDtoSchema },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/agenda-items/{id}': {
    patch: operation({
      access: S,
      tag: 'meetings',
      summary: 'Correct an agenda item',
      path: { code, id: uuid },
      body: updateAgendaItemSchema,
      ok: { schema: agendaItemDtoSchema },
      errors: [409],
    }),
    delete: operation({
      access: S,
      tag: 'meetings',
      summary: 'Remove an unused agenda item',
      path: { code, id: uuid },
      ok: { status: 204, description: 'Removed' },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/sessions': {
    get: operation({
      access: 'anyone',
      tag: 'calendar',
      summary: 'The schedule (participants-only sessions for approved participants and the secretariat)',
      path: { code },
      query: sessionQuerySchema,
      ok: { schema: sessionListDtoSchema },
    }),
    post: operation({
      access: S,
      tag: 'calendar',
      summary: 'Schedule a session',
      path: { code },
      body: createSessionSchema,
      ok: { status: 201, schema: sessionDtoSchema },
      errors: [409, 422],
    }),
  },
  '/api/meetings/{code}/sessions/{id}': {
    get: operation({
      access: 'anyone',
      tag: 'calendar',
      summary: 'One session',
      path: { code, id: uuid },
      ok: { schema: sessionDtoSchema },
    }),
    patch: operation({
      access: S,
      tag: 'calendar',
      summary: 'Move, retime or change a session',
      path: { code, id: uuid },
      headers: { 'if-match': ifMatch },
      body: updateSessionSchema,
      ok: { schema: sessionDtoSchema },
      errors: [409, 412, 422, 428],
    }),
    delete: operation({
      access: S,
      tag: 'calendar',
      summary: 'Cancel a session (it stays, marked cancelled)',
      path: { code, id: uuid },
      headers: { 'if-match': ifMatch },
      ok: { schema: sessionDtoSchema },
      errors: [412, 428],
    }),
  },
  '/api/meetings/{code}/calendar.ics': {
    get: operation({
      access: 'anyone',
      tag: 'calendar',
      summary: 'The schedule as iCalendar',
      path: { code },
      ok: { contentType: 'text/calendar' },
    }),
  },
  '/api/meetings/{code}/sessions/{id}/undo': {
    post: operation({
      access: S,
      tag: 'calendar',
      summary: "Undo the session's last change: a new change restoring the values before it",
      path: { code, id: uuid },
      headers: { 'if-match': ifMatch },
      ok: { schema: sessionDtoSchema },
      errors: [409, 412, 428],
    }),
  },
  '/api/meetings/{code}/changes/today': {
    get: operation({
      access: S,
      tag: 'calendar',
      summary: "The day's calendar changes, newest first, with who made each",
      path: { code },
      query: todayQuery,
      ok: { schema: anyJson },
    }),
  },
  '/api/meetings/{code}/changes': {
    get: operation({
      access: 'anyone',
      tag: 'calendar',
      summary: 'Change-feed entries after a seq (catch-up without a socket)',
      path: { code },
      query: changesQuery,
      ok: { schema: anyJson },
    }),
  },
  '/api/meetings/{code}/streams': {
    get: operation({ access: 'anyone', tag: 'streams', summary: "The meeting's streams", path: { code }, ok: { schema: anyJson } }),
    post: operation({
      access: S,
      tag: 'streams',
      summary: 'Add a stream',
      path: { code },
      body: createStreamSchema,
      ok: { status: 201, schema: anyJson },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/streams/{id}': {
    get: operation({
      access: 'anyone',
      tag: 'streams',
      summary: 'One stream with its interpretation channels',
      path: { code, id: uuid },
      ok: { schema: anyJson },
    }),
    patch: operation({
      access: S,
      tag: 'streams',
      summary: 'Change a stream',
      path: { code, id: uuid },
      body: updateStreamSchema,
      ok: { schema: anyJson },
      errors: [409],
    }),
  },
  '/api/meetings/{code}/streams/{id}/status': {
    patch: operation({
      access: S,
      tag: 'streams',
      summary: 'Put a stream on or off air',
      path: { code, id: uuid },
      body: streamStatusSchema,
      ok: { schema: anyJson },
      errors: [409],
    }),
  },
  '/health/live': { get: operation({ access: 'anyone', tag: 'platform', summary: 'The process is up', ok: { schema: anyJson } }) },
  '/health/ready': {
    get: operation({
      access: 'anyone',
      tag: 'platform',
      summary: 'PostgreSQL and Redis reachable (degraded without Redis)',
      ok: { schema: anyJson },
      errors: [503],
    }),
  },
};
