/**
 * The stage while the stream is not on air: ended, starting soon (with the next session in the
 * stream's room, or the next plenary), or offline.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import { pickText } from '@cop/contracts/languages';
import type { StreamDto } from '@cop/contracts/streams';
import { useEffect } from 'preact/hooks';
import { lang, locale, t } from '../../i18n';
import { clock, dayIn, shortDay, zoneAbbreviation } from '../../time';
import { nextSession, viewerState } from './shared';

export function OffAir(props: { root: HTMLElement; meeting: MeetingDto; stream: StreamDto; sessions: ReadonlyMap<string, SessionDto> }) {
  const next = nextSession(props.stream, props.sessions);
  const state = viewerState(props.stream, props.sessions);
  useEffect(() => {
    props.root.dataset.liveState = state;
  }, [state]);
  const title = state === 'ended' ? t('live.ended') : state === 'starting-soon' ? t('live.startingSoon') : t('live.offline');
  return (
    <div class={`player-message player-message-${state}`} role="status" aria-live="polite">
      <p class="player-message-title">{title}</p>
      {next ? <p>{describeNext(next, props.meeting.timeZone)}</p> : state === 'offline' ? <p>{t('live.offlineText')}</p> : null}
    </div>
  );
}

/** "Next: Opening plenary, Tue 4 Nov, 10:00 (CET)." in the venue's time zone. */
function describeNext(s: SessionDto, zone: string): string {
  const start = new Date(s.startsAt);
  return t('live.next', {
    title: pickText(s.title, lang()).text,
    when: `${shortDay(dayIn(start, zone), locale())}, ${clock(start, zone, locale())}`,
    zone: zoneAbbreviation(zone, locale(), start),
  });
}
