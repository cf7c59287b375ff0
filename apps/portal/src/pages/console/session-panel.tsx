/**
 * The side panel that creates or edits one session: its title in each of the six languages,
 * type, room, day and times on the venue's clock, agenda items, visibility and status. A clash
 * with another session of the room is shown as soon as the draft makes one, with "Save anyway";
 * a 412 shows the other editor's change instead of an error. Focus moves to the panel's heading
 * when it opens, and back to the slot or session it came from when it closes.
 */
import { SESSION_STATUSES, SESSION_TYPES, VISIBILITIES } from '@cop/contracts/calendar';
import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import { useEffect, useRef } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { STATUS_LABELS, TYPE_LABELS } from '../../meeting-calendar';
import { text } from '../../session-text';
import { shortDay } from '../../time';
import { ConflictNotice } from './conflict-notice';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';
import { hhmm, venueTime } from './venue-time';

const value = (e: Event) => (e.target as HTMLInputElement).value;

export function SessionPanel({ state }: { state: ConsoleState }) {
  const p = state.panel.value;
  const heading = useRef<HTMLHeadingElement>(null);
  const opened = p ? `${p.mode}:${p.base?.id ?? ''}` : '';
  useEffect(() => {
    if (opened) heading.current?.focus();
  }, [opened]);
  if (!p) return null;
  const d = p.draft;
  const zone = state.zone.value;
  const clash = state.clash.value;
  const agenda = state.store.meeting.value.agendaItems;
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    state.close();
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void state.save(!!clash || p.serverClash);
  };
  const toggleItem = (id: string, on: boolean) =>
    state.edit({ agendaItemIds: on ? [...d.agendaItemIds, id] : d.agendaItemIds.filter((x) => x !== id) });

  return (
    <section class="cs-panel" aria-labelledby="cs-panel-title" onKeyDown={onKey}>
      <h2 id="cs-panel-title" tabIndex={-1} ref={heading}>
        {p.mode === 'create' ? ct('cs.newSession') : ct('cs.editSession')}
        {p.base ? (
          <span class="cs-panel-subtitle" lang={text(p.base.title).lang}>
            {text(p.base.title).text}
          </span>
        ) : null}
      </h2>
      {p.base && !p.conflict && (state.store.sessions.value.get(p.base.id)?.revision ?? 0) > p.base.revision ? (
        <p class="cs-note cs-changed-meanwhile" role="status">
          {ct('cs.changedMeanwhile')}
        </p>
      ) : null}
      {p.conflict && p.base ? <ConflictNotice state={state} base={p.base} current={p.conflict} draft={d} /> : null}
      <form class="cs-form" onSubmit={submit} noValidate>
        <fieldset class="cs-titles">
          <legend>{ct('cs.titleHelp')}</legend>
          {UN_LANGUAGES.map((l) => (
            <div class="field" key={l}>
              <label for={`cs-title-${l}`}>{ct('cs.titleIn', { language: LANGUAGE_INFO[l].name })}</label>
              <input
                id={`cs-title-${l}`}
                lang={l}
                dir={LANGUAGE_INFO[l].direction}
                value={d.title[l]}
                required={l === 'en'}
                aria-required={l === 'en' ? 'true' : undefined}
                maxLength={500}
                onInput={(e) => state.edit({ title: { ...d.title, [l]: value(e) } })}
              />
            </div>
          ))}
        </fieldset>
        <div class="cs-row">
          <div class="field">
            <label for="cs-type">{ct('cs.type')}</label>
            <select id="cs-type" value={d.type} onChange={(e) => state.edit({ type: value(e) as typeof d.type })}>
              {SESSION_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(TYPE_LABELS[ty])}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cs-room">{ct('cs.room')}</label>
            <select id="cs-room" value={d.roomId} onChange={(e) => state.edit({ roomId: value(e) })}>
              {state.store.rooms.value.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="cs-row">
          <div class="field">
            <label for="cs-day">{ct('cs.day')}</label>
            <select id="cs-day" value={d.day} onChange={(e) => state.edit({ day: value(e) })}>
              {state.days.value.map((day) => (
                <option key={day} value={day}>
                  {shortDay(day, locale())}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cs-start">{ct('cs.starts')}</label>
            <input
              id="cs-start"
              type="time"
              step={300}
              value={d.start}
              aria-describedby="cs-zone"
              onInput={(e) => state.edit({ start: value(e) })}
            />
          </div>
          <div class="field">
            <label for="cs-end">{ct('cs.ends')}</label>
            <input
              id="cs-end"
              type="time"
              step={300}
              value={d.end}
              aria-describedby="cs-zone"
              onInput={(e) => state.edit({ end: value(e) })}
            />
          </div>
        </div>
        <p class="cs-note" id="cs-zone">
          {ct('cs.zoneNote', { zone })}
        </p>
        {agenda.length ? (
          <fieldset class="cs-agenda">
            <legend>{ct('cs.agendaItems')}</legend>
            {agenda.map((a) => (
              <label key={a.id} class="cs-check">
                <input
                  type="checkbox"
                  checked={d.agendaItemIds.includes(a.id)}
                  onChange={(e) => toggleItem(a.id, (e.target as HTMLInputElement).checked)}
                />
                <span>
                  {a.number} <span lang={text(a.title).lang}>{text(a.title).text}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div class="cs-row">
          <div class="field">
            <label for="cs-visibility">{ct('cs.visibility')}</label>
            <select id="cs-visibility" value={d.visibility} onChange={(e) => state.edit({ visibility: value(e) as typeof d.visibility })}>
              {VISIBILITIES.map((v) => (
                <option key={v} value={v}>
                  {ct(`cs.visibility.${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cs-status">{ct('cs.status')}</label>
            <select id="cs-status" value={d.status} onChange={(e) => state.edit({ status: value(e) as typeof d.status })}>
              {SESSION_STATUSES.map((st) => (
                <option key={st} value={st}>
                  {t(STATUS_LABELS[st])}
                </option>
              ))}
            </select>
          </div>
        </div>
        {p.mode === 'edit' ? (
          <div class="field">
            <label for="cs-reason">{ct('cs.reason')}</label>
            <input
              id="cs-reason"
              type="text"
              maxLength={500}
              value={d.reason}
              aria-describedby="cs-reason-help"
              onInput={(e) => state.edit({ reason: value(e) })}
            />
            <p class="cs-note" id="cs-reason-help">
              {ct('cs.reasonHelp')}
            </p>
          </div>
        ) : null}
        <div class="cs-clash" role="status">
          {clash ? (
            <p>
              {ct('cs.clash', {
                title: text(clash.title).text,
                room: clash.room.name,
                time: `${hhmm(venueTime(clash.startsAt, zone).minutes)}–${hhmm(venueTime(clash.endsAt, zone).minutes)}`,
              })}{' '}
              {ct('cs.clashHelp')}
            </p>
          ) : null}
        </div>
        <div class="cs-error" role="alert">
          {p.error ? <p>{p.error}</p> : null}
        </div>
        <div class="cs-actions">
          <button type="submit" class="button button-primary" disabled={p.busy}>
            {p.busy ? ct('cs.saving') : clash || p.serverClash ? ct('cs.saveAnyway') : ct('cs.save')}
          </button>
          {p.mode === 'edit' && d.status !== 'postponed' ? (
            <button type="button" class="button" disabled={p.busy} onClick={() => void state.save(false, 'postponed')}>
              {ct('cs.postpone')}
            </button>
          ) : null}
          {p.mode === 'edit' && d.status !== 'cancelled' ? (
            <button type="button" class="button" disabled={p.busy} onClick={() => void state.save(false, 'cancelled')}>
              {ct('cs.cancelSession')}
            </button>
          ) : null}
          {p.mode === 'edit' && p.base ? (
            <button type="button" class="button" disabled={p.busy} onClick={() => void state.undoLast(p.base!)}>
              {ct('cs.undoLast')}
            </button>
          ) : null}
          <button type="button" class="button" onClick={() => state.close()}>
            {ct('cs.close')}
          </button>
        </div>
      </form>
    </section>
  );
}
