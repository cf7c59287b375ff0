/**
 * What another editor changed while the panel was open (the API answered 412): each field that
 * differs between the copy the panel opened and the current one, beside the value this editor
 * chose, with "Reapply my edit on top" (the same fields, PATCHed over the new revision) and
 * "Discard my edit".
 */
import type { SessionDto } from '@cop/contracts/calendar';
import { LANGUAGE_INFO } from '@cop/contracts/languages';
import { useEffect, useRef } from 'preact/hooks';
import { locale, t } from '../../i18n';
import { STATUS_LABELS, TYPE_LABELS } from '../../meeting-calendar';
import { shortDay } from '../../time';
import { ct, type ConsoleKey } from './console-i18n';
import type { ConsoleState } from './console-state';
import { changedFields, draftOf, type Draft, type DraftField } from './session-draft';

const LABELS: Record<DraftField, ConsoleKey> = {
  title: 'cs.titleIn',
  type: 'cs.type',
  roomId: 'cs.room',
  day: 'cs.day',
  start: 'cs.starts',
  end: 'cs.ends',
  agendaItemIds: 'cs.agendaItems',
  visibility: 'cs.visibility',
  status: 'cs.status',
};

export function ConflictNotice(props: { state: ConsoleState; base: SessionDto; current: SessionDto; draft: Draft }) {
  const { state, base, current, draft } = props;
  const zone = state.zone.value;
  const before = draftOf(base, zone);
  const now = draftOf(current, zone);
  const theirs = changedFields(before, now);
  const mine = new Set(changedFields(before, draft));
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [current.revision]);
  const items = new Map(
    [...state.store.meeting.value.agendaItems, ...base.agendaItems, ...current.agendaItems].map((a) => [a.id, a.number]),
  );
  const rooms = new Map([base.room, current.room, ...state.store.rooms.value].map((r) => [r.id, r.name]));
  const show = (d: Draft, f: DraftField): string => {
    switch (f) {
      case 'title':
        return d.title.en;
      case 'type':
        return t(TYPE_LABELS[d.type]);
      case 'roomId':
        return rooms.get(d.roomId) ?? '';
      case 'day':
        return shortDay(d.day, locale());
      case 'agendaItemIds':
        return d.agendaItemIds.map((id) => items.get(id) ?? '').join(', ');
      case 'visibility':
        return ct(`cs.visibility.${d.visibility}`);
      case 'status':
        return t(STATUS_LABELS[d.status]);
      default:
        return d[f];
    }
  };
  const label = (f: DraftField) => (f === 'title' ? ct('cs.titleIn', { language: LANGUAGE_INFO.en.name }) : ct(LABELS[f]));
  return (
    <div class="cs-conflict" role="group" aria-labelledby="cs-conflict-title" tabIndex={-1} ref={box}>
      <p id="cs-conflict-title" class="cs-conflict-title">
        {ct('cs.conflict')}
      </p>
      {theirs.length ? (
        <table class="cs-diff">
          <thead>
            <tr>
              <th scope="col">{ct('cs.conflictField')}</th>
              <th scope="col">{ct('cs.conflictBefore')}</th>
              <th scope="col">{ct('cs.conflictNow')}</th>
              <th scope="col">{ct('cs.conflictMine')}</th>
            </tr>
          </thead>
          <tbody>
            {theirs.map((f) => (
              <tr key={f} data-field={f}>
                <th scope="row">{label(f)}</th>
                <td>{show(before, f)}</td>
                <td>{show(now, f)}</td>
                <td>{mine.has(f) ? show(draft, f) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{ct('cs.conflictNothing')}</p>
      )}
      <p class="cs-actions">
        <button type="button" class="button button-primary" onClick={() => void state.reapply()}>
          {ct('cs.reapply')}
        </button>
        <button type="button" class="button" onClick={() => state.discard()}>
          {ct('cs.discard')}
        </button>
      </p>
    </div>
  );
}
