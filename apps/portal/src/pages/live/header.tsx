/**
 * Where the viewer is: the breadcrumb, the stream's name and status, and the meeting's other
 * streams as tabs (hidden while there is only one).
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import type { StreamDto } from '@cop/contracts/streams';
import { t } from '../../i18n';
import { VIEWER_STATE_KEYS, viewerState } from './shared';

export function Banner(props: { meeting: MeetingDto; stream: StreamDto; sessions: ReadonlyMap<string, SessionDto>; consoleMode: boolean }) {
  const { meeting, stream, consoleMode } = props;
  const state = viewerState(stream, props.sessions);
  const where = consoleMode ? t('console.title') : t('live.breadcrumb');
  return (
    <section class="meeting-banner live-banner" aria-labelledby="live-title">
      <div class="wrap">
        <nav class="breadcrumb" aria-label={t('app.breadcrumb')}>
          <a href="/">{t('meetings.title')}</a>
          <span aria-hidden="true"> / </span>
          <a href={`/meetings/${encodeURIComponent(meeting.code)}/schedule`}>{meeting.shortTitle}</a>
          <span aria-hidden="true"> / </span>
          {where}
        </nav>
        <p class="meeting-kicker">
          <span class="code-chip code-chip-inverse">{meeting.shortTitle}</span>
          <span>{consoleMode ? t('console.title') : t('live.kicker')}</span>
        </p>
        <h1 class="meeting-title" id="live-title">
          {stream.name}{' '}
          <span class={`stream-status stream-status-${state}`} data-status={stream.status} data-state={state}>
            {t(VIEWER_STATE_KEYS[state])}
          </span>
        </h1>
      </div>
    </section>
  );
}

/** One link per stream, to the live page (or the console) showing it. */
export function StreamTabs(props: {
  code: string;
  streams: StreamDto[];
  sessions: ReadonlyMap<string, SessionDto>;
  current: string;
  consoleMode: boolean;
}) {
  const code = encodeURIComponent(props.code);
  const base = props.consoleMode ? `/console/${code}/streams` : `/meetings/${code}/live`;
  return (
    <nav class="stream-tabs" aria-label={t('live.streams')} hidden={props.streams.length < 2}>
      {props.streams.map((s) => (
        <a key={s.id} href={`${base}?stream=${encodeURIComponent(s.id)}`} aria-current={s.id === props.current ? 'page' : undefined}>
          {s.name}
          {' · '}
          {t(VIEWER_STATE_KEYS[viewerState(s, props.sessions)])}
        </a>
      ))}
    </nav>
  );
}
