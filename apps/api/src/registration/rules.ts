import type { RegistrationStatus } from '@cop/contracts';

/**
 * Who asks for a transition: the secretariat, the focal point who nominated the person, or the
 * contact of the organization someone self-registered for.
 */
export type TransitionActor = 'secretariat' | 'focal-point' | 'organization-contact';

/**
 * The review state machine. unconfirmed (a self-registration) → pending (its organization's
 * contact confirms: on to the secretariat) | rejected (the contact declines) | approved |
 * cancelled (the secretariat keeps the last word and may act without the contact); pending → approved | rejected | cancelled | on-hold;
 * on-hold → pending (the missing document came) | approved | rejected | cancelled;
 * approved → cancelled (revokes the badge). rejected and cancelled are final.
 */
const ALLOWED: Record<RegistrationStatus, Partial<Record<RegistrationStatus, TransitionActor[]>>> = {
  unconfirmed: {
    pending: ['secretariat', 'organization-contact'],
    rejected: ['secretariat', 'organization-contact'],
    approved: ['secretariat'],
    cancelled: ['secretariat'],
  },
  pending: {
    approved: ['secretariat'],
    rejected: ['secretariat'],
    'on-hold': ['secretariat'],
    cancelled: ['secretariat', 'focal-point'],
  },
  'on-hold': {
    pending: ['secretariat', 'focal-point'],
    approved: ['secretariat'],
    rejected: ['secretariat'],
    cancelled: ['secretariat', 'focal-point'],
  },
  approved: { cancelled: ['secretariat'] },
  rejected: {},
  cancelled: {},
};

const ACTOR_NAMES: Record<TransitionActor, string> = {
  secretariat: 'the secretariat',
  'focal-point': 'the nominating focal point',
  'organization-contact': "the organization's contact",
};

/** Transitions that must say why: the participant (or focal point) sees the reason. */
export const REASON_REQUIRED: RegistrationStatus[] = ['rejected', 'on-hold', 'cancelled'];

export type TransitionCheck = { ok: true } | { ok: false; status: 403 | 409 | 400; message: string };

/** Whether `actor` may move a registration from `from` to `to` (with `reason`). Pure. */
export function checkTransition(
  from: RegistrationStatus,
  to: RegistrationStatus,
  actor: TransitionActor,
  reason?: string,
): TransitionCheck {
  if (from === to) return { ok: false, status: 409, message: `The registration is already ${from}.` };
  const who = ALLOWED[from][to];
  if (!who) {
    const next = Object.keys(ALLOWED[from]);
    return {
      ok: false,
      status: 409,
      message: `A registration that is ${from} cannot become ${to}${next.length ? ` (it may become ${next.join(', ')})` : ' (this is final)'}.`,
    };
  }
  if (!who.includes(actor))
    return { ok: false, status: 403, message: `Only ${who.map((w) => ACTOR_NAMES[w]).join(' or ')} may make this registration ${to}.` };
  if (REASON_REQUIRED.includes(to) && !reason?.trim())
    return { ok: false, status: 400, message: `A reason is required to make a registration ${to}; the participant will see it.` };
  return { ok: true };
}

/** Whom a focal-point account speaks for (exactly one of the two is set). */
export interface Binding {
  partyId: string | null;
  organizationId: string | null;
}

/** Whether a registration or letter belongs to the Party or organization a focal point speaks for. */
export function sameBinding(b: Binding, r: { party_id: string | null; organization_id: string | null }): boolean {
  return (!!b.partyId && b.partyId === r.party_id) || (!!b.organizationId && b.organizationId === r.organization_id);
}

/** Statuses that hold a place (count against quotas, block duplicates). */
export const ACTIVE_STATUSES: RegistrationStatus[] = ['unconfirmed', 'pending', 'on-hold', 'approved'];

/** A PDF starts with %PDF- (in its first 1024 bytes, per ISO 32000) and ends with %%EOF. */
export function looksLikePdf(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024).indexOf('%PDF-');
  if (head < 0 || !/^%PDF-\d\.\d/.test(buf.subarray(head, head + 8).toString('latin1'))) return false;
  return buf.subarray(Math.max(0, buf.length - 1024)).includes('%%EOF');
}
