import type { BadgeDto, RegistrationDto } from '@cop/contracts/registration';
import type { ComponentChildren } from 'preact';
import { api, errorText } from '../../api';
import { locale, t } from '../../i18n';
import type { Page, PageContext } from '../../router';
import { isAbort } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { allowed, Frame, mount, nameOf, StatusBadge } from './shared';
import { LoadFailure } from './table';

/** `/meetings/:code/me`: status, reason, and the badge with its QR code (printable). */
export async function myRegistrationPage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('me.title');
  if (!allowed(ctx, title, ['delegate', 'observer', 'focal-point', 'secretariat', 'security'])) return {};
  const code = ctx.params.code;
  const frame = (content: ComponentChildren) =>
    mount(
      ctx,
      <Frame code={code} title={title}>
        {content}
      </Frame>,
    );
  // The heading at once; the registration and the badge below it when they arrive.
  frame(
    <p class="loading" role="status">
      {t('app.loading')}
    </p>,
  );
  try {
    const mine = await api<RegistrationDto[]>('/api/me/registrations', { signal: ctx.signal });
    const r = mine.find((x) => x.meeting === code);
    if (!r) return frame(<p class="reg-none">{rt('me.none')}</p>);
    // The badge answer carries its QR code as a data: URL (the CSP allows img-src 'self' data:);
    // GET /api/me/badge.png serves a larger one for whoever wants the file.
    const badge =
      r.status === 'approved' ? await api<BadgeDto>(`/api/me/badge?meeting=${encodeURIComponent(code)}`, { signal: ctx.signal }) : null;
    return frame(
      <>
        <Summary r={r} />
        {badge ? <Badge badge={badge} /> : null}
      </>,
    );
  } catch (e) {
    if (isAbort(e)) throw e;
    return frame(<LoadFailure text={errorText(e)} />);
  }
}

function Summary({ r }: { r: RegistrationDto }) {
  return (
    <section class="reg-summary" data-status={r.status}>
      <p class="reg-name">{nameOf(r)}</p>
      <p>
        {rt('me.status', { status: '' })}
        <StatusBadge status={r.status} />
      </p>
      {r.statusReason ? <p class="reg-reason">{rt('me.reason', { reason: r.statusReason })}</p> : null}
    </section>
  );
}

function Badge({ badge }: { badge: BadgeDto }) {
  const validUntil = new Intl.DateTimeFormat(locale(), { dateStyle: 'long' }).format(new Date(badge.validUntil));
  const expired = Date.parse(badge.validUntil) <= Date.now();
  return (
    <section class="badge-section" aria-labelledby="badge-title">
      <h2 id="badge-title">{rt('me.badge')}</h2>
      {expired ? (
        <p class="form-error badge-expired" role="alert">
          {rt('me.expired', { date: validUntil })}
        </p>
      ) : null}
      <p class="field-help">{rt('me.badgeHelp')}</p>
      <article class="badge-card" data-token={badge.token}>
        <p class="badge-meeting">{badge.meeting.shortTitle}</p>
        <p class="badge-meeting-title">{badge.meeting.title}</p>
        <img class="badge-qr" src={badge.qr} alt={rt('me.badgeAlt', { name: badge.name })} width={220} height={220} />
        <p class="badge-name">{badge.name}</p>
        <p class="badge-affiliation">{badge.partyOrOrganization}</p>
        <p
          class={`badge-category badge-category-${badge.category}`}
        >{`${rt(`reg.cat.${badge.category}`)} · ${rt(`reg.fn.${badge.function}`)}`}</p>
        <p class="badge-venue">{`${badge.meeting.venue} · ${rt('me.validUntil', { date: validUntil })}`}</p>
      </article>
      <button type="button" class="button" onClick={() => window.print()}>
        {rt('me.print')}
      </button>
    </section>
  );
}
