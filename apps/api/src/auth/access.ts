import { SetMetadata } from '@nestjs/common';
import type { Role } from '@cop/contracts';

/** Who may call an endpoint. Every handler must declare it; the guard refuses handlers that don't. */
export type AccessRule = 'anyone' | 'signed-in' | Role[];

export const ACCESS_KEY = 'cop:access';
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_KEY, rule);

/** The signed-in caller, as carried in the JWT. */
export interface Caller {
  id: string;
  email: string;
  role: Role;
}

/**
 * What a caller may see of a meeting's calendar. The calendar, its change feed, the feed gateway
 * and streams decide it per meeting with AudienceService (secretariat, or an approved
 * registration for that meeting).
 */
export type Audience = 'public' | 'participants';

export interface TokenClaims {
  sub: string;
  email: string;
  role: Role;
}
