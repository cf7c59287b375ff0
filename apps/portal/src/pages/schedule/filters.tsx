import { t } from '../../i18n';
import { TYPE_LABELS } from '../../meeting-calendar';
import { ALL, type ScheduleView } from './schedule-view';

/** Room and session-type filters, and the switch between venue and local times. */
export function Filters({ view }: { view: ScheduleView }) {
  const room = view.room.value;
  const type = view.type.value;
  const showLocal = view.showLocal.value;
  const value = (e: Event) => (e.target as HTMLSelectElement).value;
  const clear = () => {
    view.clearFilters();
    document.getElementById('filter-room')?.focus();
  };
  return (
    <div class="filters">
      <div class="filter-fields" role="group" aria-label={t('schedule.filters')}>
        <div class="field field-inline">
          <label for="filter-room">{t('schedule.room')}</label>
          <select id="filter-room" onChange={(e) => view.setFilter('room', value(e))}>
            <option value={ALL}>{t('schedule.allRooms')}</option>
            {view.store.rooms.value.map((r) => (
              <option key={r.id} value={r.id} selected={r.id === room}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="filter-type">{t('schedule.type')}</label>
          <select id="filter-type" onChange={(e) => view.setFilter('type', value(e))}>
            <option value={ALL}>{t('schedule.allTypes')}</option>
            {view.typesOffered.value.map((ty) => (
              <option key={ty} value={ty} selected={ty === type}>
                {t(TYPE_LABELS[ty])}
              </option>
            ))}
          </select>
        </div>
        {room || type ? (
          <button type="button" class="link-button clear-filters" onClick={clear}>
            {t('schedule.clearFilters')}
          </button>
        ) : null}
      </div>
      <div class="zone-control">
        <label class="switch" for="toggle-local-time">
          <input
            type="checkbox"
            id="toggle-local-time"
            role="switch"
            checked={showLocal}
            aria-describedby="zone-note"
            onChange={(e) => view.setLocal((e.target as HTMLInputElement).checked)}
          />
          <span>{t('schedule.showLocal')}</span>
        </label>
        <p class="zone-note" id="zone-note">
          {t('schedule.timesIn', { zone: view.zoneLabel(showLocal) })}
          {view.sameZone.value ? ` ${t('schedule.sameZone')}` : ''}
        </p>
      </div>
    </div>
  );
}
