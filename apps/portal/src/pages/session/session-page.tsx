import type { AgendaItemDto, MeetingDto, SessionDto } from '@cop/contracts/calendar';
import type { StreamListDto } from '@cop/contracts/streams';
import type { ComponentChildren } from 'preact';
import { api } from '../../api';
import { ContentText } from '../../content-text';
import { DocumentSummary } from '../../document-summary';
import { locale, t } from '../../i18n';
import { STATUS_LABELS, TYPE_LABELS } from '../../meeting-calendar';
import { mountMeetingPage } from '../../meeting-page';
import { Connection, LiveRegion, MeetingBanner, StatusMark } from '../../meeting-ui';
import type { Page, PageContext } from '../../router';
import { text, timeRange } from '../../session-text';
import { dayIn, longDay, zoneAbbreviation, zoneCity } from '../../time';
import { setTitle } from '../../ui';
import type { MeetingPageHooks } from '../home/home-page';
import '../../meeting-pages.css';
import { sessionState, type SessionState } from './session-state';

/** `/meetings/:code/sessions/:id`: one session, its agenda items and their documents, and its stream while on air. */
export function sessionPage(ctx: PageContext, hooks: MeetingPageHooks): Promise<Page> {
  const { code, id } = ctx.params;
  return mountMeetingPage(ctx, hooks.retry, async (store) => {
    const streams = await api<StreamListDto>(`/api/meetings/${encodeURIComponent(code)}/streams`, { signal: ctx.signal });
    const state = sessionState(store, id, streams);
    return {
      render: (language) => <SessionPage key={language} state={state} notice={hooks.notice} />,
      dispose: () => state.dispose(),
    };
  });
}

type Notice = (message: string) => void;

function SessionPage({ state, notice }: { state: SessionState; notice: Notice }) {
  const m = state.store.meeting.value;
  // An unknown id, a participants-only session the viewer may not see, or one just removed.
  const s = state.session.value;
  if (!s) return <SessionNotFound meeting={m} id={state.id} />;
  setTitle(text(s.title).text, m.shortTitle);
  const code = encodeURIComponent(m.code);
  return (
    <>
      <MeetingBanner
        meeting={m}
        crumbs={[[t('nav.schedule'), `/meetings/${code}/schedule?day=${s.day}`], [text(s.title).text]]}
        headingId="session-title"
        heading={
          <>
            <StatusMark session={s} />
            <ContentText text={s.title} class="session-title-text" />
          </>
        }
        status={s.status}
      />
      <div class="wrap session-page">
        <div class="schedule-bar">
          <p class="zone-note">{zoneNote(state, s)}</p>
          <Connection status={state.store.status.value} />
        </div>
        <Details state={state} session={s} />
        <OnAir state={state} notice={notice} />
        <Agenda state={state} session={s} notice={notice} />
      </div>
      <LiveRegion announcer={state.announcer} />
    </>
  );
}

function zoneNote(state: SessionState, s: SessionDto): string {
  const at = new Date(s.startsAt);
  const zone = state.showLocal.value
    ? t('schedule.localZone', { city: zoneCity(state.viewerZone), zone: zoneAbbreviation(state.viewerZone, locale(), at) })
    : t('schedule.venueZone', { zone: zoneAbbreviation(state.store.meeting.value.timeZone, locale(), at) });
  return t('schedule.timesIn', { zone });
}

function Fact({ label, fact, children }: { label: string; fact: string; children: ComponentChildren }) {
  return (
    <div class="session-fact" data-fact={fact}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Details({ state, session: s }: { state: SessionState; session: SessionDto }) {
  const zone = state.zone.value;
  return (
    <section class="home-card session-details" aria-labelledby="session-details-heading">
      <h2 id="session-details-heading">{t('session.details')}</h2>
      <dl class="session-facts">
        <Fact label={t('session.when')} fact="when">
          <span class="session-when-text">
            {longDay(dayIn(new Date(s.startsAt), zone), locale())},{' '}
            <span class="session-time" dir="ltr">
              {timeRange(s, zone)}
            </span>
          </span>
        </Fact>
        <Fact label={t('session.room')} fact="room">
          {s.room.name}
        </Fact>
        <Fact label={t('session.type')} fact="type">
          {t(TYPE_LABELS[s.type])}
        </Fact>
        <Fact label={t('session.status')} fact="status">
          <span class={`status-text status-text-${s.status}`}>{t(STATUS_LABELS[s.status])}</span>
        </Fact>
        <Fact label={t('session.access')} fact="access">
          {s.visibility === 'participants' ? t('schedule.participantsOnly') : t('session.public')}
        </Fact>
      </dl>
      <label class="switch" for="toggle-local-time">
        <input
          type="checkbox"
          id="toggle-local-time"
          role="switch"
          checked={state.showLocal.value}
          onChange={(e) => state.setLocal((e.target as HTMLInputElement).checked)}
        />
        <span>{t('schedule.showLocal')}</span>
      </label>
    </section>
  );
}

/** While the session is on air: the way to the stream page, and the item under consideration with its documents. */
function OnAir({ state, notice }: { state: SessionState; notice: Notice }) {
  const stream = state.stream.value;
  const item = stream?.agendaItem;
  return (
    <section class="home-live session-on-air" aria-labelledby="session-on-air-heading" hidden={!stream}>
      {stream ? (
        <>
          <h2 id="session-on-air-heading">
            <span class="live-dot" aria-hidden="true" />
            {t('session.onAirHeading')}
          </h2>
          <p>{t('session.onAirText')}</p>
          <p>
            <a
              class="button button-primary home-watch"
              href={`/meetings/${encodeURIComponent(state.store.code)}/live?stream=${encodeURIComponent(stream.id)}`}
            >
              {t('session.watch', { stream: stream.name })}
            </a>
          </p>
          <div class="session-now" data-now-item={item?.id ?? ''}>
            <h3>{t('live.now')}</h3>
            {item ? (
              <>
                <p class="now-item">
                  <strong class="now-number">{t('live.item', { number: item.number })}</strong>{' '}
                  <ContentText text={item.title} class="now-title" />
                </p>
                <DocumentList state={state} itemId={item.id} notice={notice} />
              </>
            ) : (
              <p class="empty">{t('session.nowNone')}</p>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}

function Agenda({ state, session: s, notice }: { state: SessionState; session: SessionDto; notice: Notice }) {
  const now = state.stream.value?.agendaItem?.id;
  return (
    <section class="session-agenda-items" aria-labelledby="session-agenda-heading">
      <h2 id="session-agenda-heading">{t('session.agenda')}</h2>
      {s.agendaItems.length ? (
        <ul class="session-items" role="list">
          {s.agendaItems.map((a) => (
            <AgendaItem key={a.id} state={state} item={a} current={a.id === now} notice={notice} />
          ))}
        </ul>
      ) : (
        <p class="empty">{t('session.agendaNone')}</p>
      )}
    </section>
  );
}

function AgendaItem({ state, item: a, current, notice }: { state: SessionState; item: AgendaItemDto; current: boolean; notice: Notice }) {
  return (
    <li
      class={`home-card session-item${current ? ' session-item-now' : ''}`}
      data-agenda-item={a.id}
      aria-current={current ? 'true' : undefined}
    >
      <h3 class="session-item-title">
        <span class="now-number">{t('session.item', { number: a.number })}</span> <ContentText text={a.title} class="session-item-text" />
      </h3>
      {current ? (
        <p class="tag tag-now">
          <span class="live-dot" aria-hidden="true" />
          {t('session.underConsideration')}
        </p>
      ) : null}
      <DocumentList state={state} itemId={a.id} notice={notice} />
    </li>
  );
}

function DocumentList({ state, itemId, notice }: { state: SessionState; itemId: string; notice: Notice }) {
  const docs = state.docs.value.get(itemId) ?? 'loading';
  if (docs === 'loading')
    return (
      <p class="empty" role="status">
        {t('session.documentsLoading')}
      </p>
    );
  if (docs === 'failed') return <p class="empty">{t('session.documentsFailed')}</p>;
  if (!docs.length) return <p class="empty">{t('session.documentsNone')}</p>;
  return (
    <ul class="home-docs" role="list">
      {docs.map((d) => (
        <DocumentSummary key={d.id} base={state.base} doc={d} onError={notice} />
      ))}
    </ul>
  );
}

/** The same page for an unknown id and for a participants-only session the viewer may not see (the API's 404). */
function SessionNotFound({ meeting, id }: { meeting: MeetingDto; id: string }) {
  setTitle(t('session.notFoundTitle'));
  return (
    <div class="wrap page-state page-state-info">
      <h1>{t('session.notFoundTitle')}</h1>
      <p class="page-state-text">{t('session.notFound', { id, meeting: meeting.shortTitle })}</p>
      <p class="page-state-help">{t('session.notFoundHelp')}</p>
      <p class="page-state-actions">
        <a class="button" href={`/meetings/${encodeURIComponent(meeting.code)}/schedule`}>
          {t('session.toSchedule')}
        </a>
      </p>
    </div>
  );
}
