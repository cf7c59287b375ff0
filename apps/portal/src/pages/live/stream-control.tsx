/**
 * The secretariat's control of the stream: its status, the session on air and the agenda item
 * under consideration, applied with one PATCH that every viewer sees within a second.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import { pickText } from '@cop/contracts/languages';
import { STREAM_STATUSES, type StreamDto } from '@cop/contracts/streams';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { lang, locale, t } from '../../i18n';
import { clock, dayIn, shortDay } from '../../time';
import { STATUS_KEYS, VIEWER_STATE_KEYS, viewerState } from './shared';
import type { LiveSession } from './live-session';

interface Draft {
  status: string;
  sessionId: string;
  agendaItemId: string;
}

const draftOf = (s: StreamDto): Draft => ({ status: s.status, sessionId: s.session?.id ?? '', agendaItemId: s.agendaItem?.id ?? '' });

export function StreamControl(props: {
  language: number;
  session: LiveSession;
  meeting: MeetingDto;
  stream: StreamDto;
  sessions: ReadonlyMap<string, SessionDto>;
}) {
  const { meeting, stream } = props;
  const section = useRef<HTMLElement>(null);
  const [draft, setDraft] = useState(() => draftOf(stream));
  const [applying, setApplying] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  // A change from the feed shows in the form, unless the secretariat is in the middle of choosing.
  useEffect(() => {
    if (!section.current?.contains(document.activeElement)) setDraft(draftOf(stream));
  }, [stream, props.sessions]);

  const seen = viewerState(stream, props.sessions);
  const zone = meeting.timeZone;
  const sessions = [...props.sessions.values()]
    .filter((x) => x.visibility === 'public' && x.status !== 'cancelled' && (!stream.room || x.room.id === stream.room.id))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  // The session on air may not be one offered here (not public): the form then offers none.
  const sessionId = sessions.some((x) => x.id === draft.sessionId) ? draft.sessionId : '';
  const set = (field: keyof Draft) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLSelectElement).value });

  const apply = async (e: Event) => {
    e.preventDefault();
    setApplying(true);
    try {
      const updated = await api<StreamDto>(`/api/meetings/${encodeURIComponent(meeting.code)}/streams/${stream.id}/status`, {
        method: 'PATCH',
        body: { status: draft.status, sessionId: sessionId || null, agendaItemId: draft.agendaItemId || null },
      });
      setResult({ ok: true, text: t('console.applied') });
      props.session.putStream(updated);
    } catch (error) {
      setResult({ ok: false, text: error instanceof ApiError ? error.message : t('error.network') });
    } finally {
      setApplying(false);
    }
  };

  return (
    <section class="stream-control" aria-labelledby="control-heading" ref={section}>
      <h2 id="control-heading">{t('console.title')}</h2>
      <p>{t('console.intro')}</p>
      <p class="control-viewers" data-state={seen}>
        {t('console.viewersSee', { state: t(VIEWER_STATE_KEYS[seen]) })}
      </p>
      <form class="control-form" onSubmit={(e) => void apply(e)}>
        <div class="field">
          <label for="control-status">{t('console.status')}</label>
          <select id="control-status" name="status" value={draft.status} onChange={set('status')}>
            {STREAM_STATUSES.map((st) => (
              <option value={st}>{t(STATUS_KEYS[st])}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="control-session">{t('console.session')}</label>
          <select id="control-session" name="sessionId" value={sessionId} onChange={set('sessionId')}>
            <option value="">{t('console.none')}</option>
            {sessions.map((x) => (
              <option value={x.id}>
                {`${shortDay(dayIn(new Date(x.startsAt), zone), locale())} ${clock(new Date(x.startsAt), zone, locale())} · ${pickText(x.title, lang()).text}`}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="control-item">{t('console.item')}</label>
          <select id="control-item" name="agendaItemId" value={draft.agendaItemId} onChange={set('agendaItemId')}>
            <option value="">{t('console.none')}</option>
            {meeting.agendaItems.map((a) => (
              <option value={a.id}>{`${a.number} · ${pickText(a.title, lang()).text}`}</option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit" class="button button-primary" disabled={applying}>
            {applying ? t('console.applying') : t('console.apply')}
          </button>
        </p>
        <p class="control-result" role="status" aria-live="polite" data-ok={result ? String(result.ok) : undefined}>
          {result?.text}
        </p>
      </form>
    </section>
  );
}
