import type { SessionDto } from '@cop/contracts/calendar';
import type { DocumentDto } from '@cop/contracts/documents';
import * as auth from '../../auth';
import { ContentText } from '../../content-text';
import { DocumentSummary } from '../../document-summary';
import { locale, t } from '../../i18n';
import { TYPE_LABELS } from '../../meeting-calendar';
import { StatusMark } from '../../meeting-ui';
import { timeRange } from '../../session-text';
import { clock, dayIn, shortDay } from '../../time';
import type { HomeState } from './home-state';

const href = (home: HomeState, page = '') => `/meetings/${encodeURIComponent(home.store.code)}${page}`;

/** The red banner while a stream is on air: the session, the item under consideration, the way to watch. */
export function OnAirBanner({ home }: { home: HomeState }) {
  const live = home.onAirStreams.value;
  return (
    <section class="home-live" aria-labelledby="home-live-heading" data-home-live="" hidden={live.length === 0}>
      {live.length ? (
        <>
          <h2 id="home-live-heading">
            <span class="live-dot" aria-hidden="true" />
            {t('home.liveHeading')}
          </h2>
          <ul class="home-live-list" role="list">
            {live.map((s) => (
              <li key={s.id} data-stream={s.id} data-status={s.status}>
                <p class="home-live-stream">
                  <strong>{s.name}</strong>
                  {s.status === 'paused' ? (
                    <>
                      {' '}
                      <span class="tag">{t('live.status.paused')}</span>
                    </>
                  ) : null}
                </p>
                {s.session ? (
                  <p class="home-live-session">
                    {t('home.onAir')}{' '}
                    <a href={href(home, `/sessions/${encodeURIComponent(s.session.id)}`)}>
                      <ContentText text={s.session.title} class="home-live-title" />
                    </a>
                  </p>
                ) : null}
                {s.agendaItem ? (
                  <p class="home-live-item" data-agenda-item={s.agendaItem.id}>
                    {t('home.nowItem')} <strong>{t('live.item', { number: s.agendaItem.number })}</strong>{' '}
                    <ContentText text={s.agendaItem.title} class="home-live-item-title" />
                  </p>
                ) : null}
                <p>
                  <a class="button button-primary home-watch" href={`${href(home, '/live')}?stream=${encodeURIComponent(s.id)}`}>
                    {t('home.watch', { stream: s.name })}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** "Now" and "Next": the sessions under way and the ones coming. */
export function NowAndNext({ home }: { home: HomeState }) {
  const { now, next } = home.nowAndNext.value;
  return (
    <>
      <section class="home-card" aria-labelledby="home-now-heading" data-home-now="">
        <h2 id="home-now-heading">{t('home.now')}</h2>
        {now.length ? <SessionList home={home} sessions={now} /> : <p class="empty">{t('home.nowNone')}</p>}
      </section>
      <section class="home-card" aria-labelledby="home-next-heading" data-home-next="">
        <h2 id="home-next-heading">{t('home.next')}</h2>
        {next.length ? <SessionList home={home} sessions={next} /> : <p class="empty">{t('home.nextNone')}</p>}
        <p class="home-more">
          <a href={href(home, '/schedule')}>{t('home.fullSchedule')}</a>
        </p>
      </section>
    </>
  );
}

function SessionList({ home, sessions }: { home: HomeState; sessions: SessionDto[] }) {
  const zone = home.store.meeting.value.timeZone;
  const today = dayIn(new Date(), zone);
  return (
    <ul class="home-sessions" role="list">
      {sessions.map((s) => (
        <li key={s.id} class={`home-session type-${s.type}`} data-session-id={s.id} data-status={s.status}>
          <p class="home-session-when" dir="ltr">
            {s.day !== today ? (
              <>
                <span class="home-session-day">{shortDay(s.day, locale())}</span>{' '}
              </>
            ) : null}
            <time dateTime={s.startsAt}>{timeRange(s, zone)}</time>
          </p>
          <p class="home-session-title">
            <StatusMark session={s} />
            <a class="session-link" href={href(home, `/sessions/${encodeURIComponent(s.id)}`)}>
              <ContentText text={s.title} class="session-title-text" />
            </a>
          </p>
          <p class="session-meta">
            {t(TYPE_LABELS[s.type])}
            <span class="sep" aria-hidden="true">
              {' · '}
            </span>
            {s.room.name}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The latest documents published, each with its download links. */
export function LatestDocuments({ home, notice }: { home: HomeState; notice: (message: string) => void }) {
  const latest = home.latestDocs.value;
  return (
    <section class="home-card" aria-labelledby="home-docs-heading" data-home-documents="">
      <h2 id="home-docs-heading">{t('home.documents')}</h2>
      {latest.length ? (
        <ul class="home-docs" role="list">
          {latest.map((d) => (
            <DocumentSummary key={d.id} base={home.base} doc={d} onError={notice}>
              <PublishedLine home={home} doc={d} />
            </DocumentSummary>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('home.documentsNone')}</p>
      )}
      <p class="home-more">
        <a href={href(home, '/documents')}>{t('home.allDocuments')}</a>
      </p>
    </section>
  );
}

function PublishedLine({ home, doc }: { home: HomeState; doc: DocumentDto }) {
  if (!doc.publishedAt) return null;
  const at = new Date(doc.publishedAt);
  const zone = home.store.meeting.value.timeZone;
  const when = `${shortDay(dayIn(at, zone), locale())}, ${clock(at, zone, locale())}`;
  return (
    <p class="doc-published">
      <time dateTime={doc.publishedAt}>{t('home.published', { when })}</time>
    </p>
  );
}

/** The meeting's other pages; registration and console links follow the signed-in role. */
export function MeetingPages({ home }: { home: HomeState }) {
  const role = auth.user()?.role;
  const signedIn = !!auth.token();
  const code = encodeURIComponent(home.store.code);
  const links: [string, string][] = [
    [t('nav.schedule'), href(home, '/schedule')],
    [t('nav.live'), href(home, '/live')],
    [t('nav.documents'), href(home, '/documents')],
  ];
  if (signedIn && role === 'focal-point') links.push([t('nav.nominate'), href(home, '/nominate')]);
  if (signedIn && (role === 'delegate' || role === 'observer')) links.push([t('nav.myRegistration'), href(home, '/me')]);
  if (signedIn && role === 'secretariat')
    links.push(
      [t('nav.review'), `/console/${code}/registrations`],
      [t('home.streamControl'), `/console/${code}/streams`],
      [t('home.documentsConsole'), `/console/${code}/documents`],
    );
  return (
    <nav class="home-pages" aria-label={t('home.pages')}>
      <ul role="list">
        {links.map(([label, to]) => (
          <li key={to}>
            <a class="home-page-link" href={to}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      {signedIn ? null : (
        <p class="zone-note">
          <strong>{t('home.registration')}</strong> {t('home.registrationHint')}{' '}
          <a href={`/login?next=${encodeURIComponent(href(home))}`}>{t('app.signIn')}</a>
        </p>
      )}
    </nav>
  );
}
