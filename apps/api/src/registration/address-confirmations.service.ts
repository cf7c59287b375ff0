import { BadRequestException, GoneException, Inject, Injectable } from '@nestjs/common';
import { selfRegistrationSchema } from '@cop/contracts';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { parseOrThrow } from '../common/zod.pipe';
import { MeetingLookup } from '../meetings/meeting-lookup.service';
import { MailOutbox } from '../notifications/mail-outbox.service';
import { AttemptLimiter } from '../redis/attempt-limiter';
import { REDIS } from '../redis/redis.module';
import { addressKey, signAddressClaim, verifyAddressClaim } from './address-confirmation-token';
import { NominationsService } from './nominations.service';
import { fullName } from './registration.queries';

type SelfRegistration = z.output<typeof selfRegistrationSchema>;
const HOUR = 3600;

/**
 * Anonymous self-registration in two steps: the request only mails a signed link to the address
 * given (limited per address and per client address); the registration is written, and its
 * contact and the secretariat learn of it, when that link is used.
 */
@Injectable()
export class AddressConfirmationsService {
  private readonly byAddress: AttemptLimiter;
  private readonly byIp: AttemptLimiter;
  private readonly key: Buffer;

  constructor(
    private readonly ds: DataSource,
    private readonly nominations: NominationsService,
    private readonly meetings: MeetingLookup,
    private readonly mail: MailOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    const refusal = (seconds: number) => `Too many registration requests. Try again in ${seconds} seconds.`;
    this.byAddress = new AttemptLimiter(redis, 'self-registration-address', config.SELF_REGISTRATIONS_PER_ADDRESS, HOUR, refusal);
    this.byIp = new AttemptLimiter(redis, 'self-registration-ip', config.SELF_REGISTRATIONS_PER_IP, HOUR, refusal);
    this.key = addressKey(config.JWT_SECRET);
  }

  /** Mails the confirmation link; nothing else is written or sent until it is used. */
  async request(code: string, input: SelfRegistration, ip: string): Promise<void> {
    const m = await this.meetings.get(code);
    // Per meeting: one meeting's crowd behind a venue's NAT does not lock out another's.
    await this.byIp.take(`${m.code}:${ip}`);
    await this.byAddress.take(`${m.code}:${input.email}`);
    await this.nominations.checkOrganization(input);
    const exp = Math.floor(Date.now() / 1000) + this.config.ADDRESS_CONFIRMATION_TTL_HOURS * HOUR;
    const token = signAddressClaim({ meeting: m.code, request: input, exp }, this.key);
    const id = await this.ds.transaction((em) =>
      this.mail.add(em, {
        template: 'address-confirmation',
        language: input.preferredLanguage,
        to: input.email,
        vars: {
          name: fullName({ title: input.title ?? null, given_name: input.givenName, family_name: input.familyName }),
          meeting: m.shortTitle,
          link: `${this.config.PUBLIC_URL}/meetings/${m.code}/self-registration#${token}`,
          expires: new Date(exp * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
        },
      }),
    );
    await this.mail.dispatch([id]);
  }

  /** The link was used: the registration goes on as before (a second use changes nothing). */
  async confirm(code: string, token: string): Promise<{ created: boolean }> {
    const m = await this.meetings.get(code);
    const checked = verifyAddressClaim<unknown>(token, this.key);
    if (!checked.ok && checked.reason === 'expired')
      throw new GoneException({ message: 'This confirmation link has expired. Please register again.', reason: 'expired' });
    if (!checked.ok || checked.claim.meeting !== m.code)
      throw new BadRequestException({ message: 'This confirmation link is not valid.', reason: 'invalid-token' });
    // Re-read through today's rules: a request signed under older ones is not trusted blindly.
    const input = parseOrThrow(selfRegistrationSchema, checked.claim.request, 'registration');
    return this.nominations.selfRegister(m.code, input);
  }
}
