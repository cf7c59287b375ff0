import type { SessionDto, SessionType } from '@cop/contracts/calendar';
import { batch, computed, effect, signal } from '@preact/signals';
import { locale, t } from '../../i18n';
import { compareSessions, SESSION_TYPE_ORDER } from '../../meeting-calendar';
import type { MeetingStore } from '../../meeting-store';
import { Announcer } from '../../meeting-ui';
import { isOffline, onNetworkChange } from '../../offline';
import { describeSessionChange } from '../../session-text';
import { KEYS, store as storage } from '../../storage';
import { clock, dayIn, daysBetween, viewerTimeZone, zoneAbbreviation, zoneCity } from '../../time';

/** How long a changed session keeps its highlight (and its "Updated" mark). */
export const CHANGED_MS = 3000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** The filters' "all rooms" / "all types". */
export const ALL = '';

export type ScheduleView = ReturnType<typeof scheduleView>;

/**
 * What the schedule page shows on top of the meeting store: the open day, the room and type
 * filters (all three in the address), venue or local times (remembered), which sessions
 * changed a moment ago, the feed's state as the page words it, and what it announces.
 */
export function scheduleView(url: URL, store: MeetingStore) {
  const q = url.searchParams;
  const viewerZone = viewerTimeZone();
  const meeting = store.meeting;
  const sessions = computed(() => [...store.sessions.value.values()]);

  const days = computed(() => {
    const { startDate, endDate } = meeting.value;
    const all = new Set(daysBetween(startDate, endDate));
    for (const s of sessions.value) all.add(s.day);
    return [...all].sort();
  });
  const today = () => dayIn(new Date(), meeting.value.timeZone);
  /** ?day= if the meeting has it, else today at the venue if the meeting is on, else its first day. */
  const defaultDay = (requested: string | null) => {
    const all = days.value;
    if (requested && DAY_RE.test(requested) && all.includes(requested)) return requested;
    const now = today();
    return all.includes(now) ? now : (all[0] ?? meeting.value.startDate);
  };

  const day = signal(defaultDay(q.get('day')));
  const room = signal(store.rooms.value.some((r) => r.id === q.get('room')) ? q.get('room')! : ALL);
  const type = signal((SESSION_TYPE_ORDER as string[]).includes(q.get('type') ?? '') ? q.get('type')! : ALL);
  const showLocal = signal(storage.get(KEYS.localTime) === '1');
  const changedUntil = signal<ReadonlyMap<string, number>>(new Map());
  const offline = signal(isOffline());
  const announcer = new Announcer();

  const zone = computed(() => (showLocal.value ? viewerZone : meeting.value.timeZone));
  /** The viewer's clock reads the same as the venue's throughout the meeting. */
  const sameZone = computed(() => {
    const { timeZone: venue, startDate, endDate } = meeting.value;
    if (venue === viewerZone) return true;
    return [startDate, endDate].every((d) => {
      const at = new Date(`${d}T12:00:00Z`);
      return clock(at, venue, 'en-GB') === clock(at, viewerZone, 'en-GB');
    });
  });
  const zoneLabel = (local: boolean, at = new Date(`${day.value}T12:00:00Z`)) =>
    local
      ? t('schedule.localZone', { city: zoneCity(viewerZone), zone: zoneAbbreviation(viewerZone, locale(), at) })
      : t('schedule.venueZone', { zone: zoneAbbreviation(meeting.value.timeZone, locale(), at) });

  const matches = (s: SessionDto) =>
    s.day === day.value && (room.value === ALL || s.room.id === room.value) && (type.value === ALL || s.type === type.value);
  const visible = computed(() => sessions.value.filter(matches).sort(compareSessions));
  const countByDay = computed(() => {
    const counts = new Map<string, number>();
    for (const s of sessions.value) counts.set(s.day, (counts.get(s.day) ?? 0) + 1);
    return counts;
  });
  /** The session types the type filter offers: those on the programme, and the one chosen. */
  const typesOffered = computed(() => {
    const present = new Set<string>(sessions.value.map((s) => s.type));
    if (type.value) present.add(type.value);
    return SESSION_TYPE_ORDER.filter((ty): ty is SessionType => present.has(ty));
  });

  // What the schedule shown is current as of, while it is not live: the saved copy's time, or
  // when the feed was lost; and whether the feed was ever live while the page was open.
  const asOf = signal<Date | null>(store.savedAt.value);
  let everLive = false;
  let wasLive = false;
  const stale = computed(() => store.status.value !== 'live' && asOf.value !== null && (offline.value || !everLive));

  const stops = [
    effect(() => {
      const status = store.status.value;
      if (status === 'live') {
        asOf.value = null;
        everLive = true;
      } else if (wasLive) asOf.value = new Date();
      wasLive = status === 'live';
    }),
    // The open day (outside the meeting's dates) lost its last session, and so its tab.
    effect(() => {
      if (!days.value.includes(day.value)) day.value = defaultDay(null);
    }),
    // A room deleted while it is the filter's choice: show every room.
    effect(() => {
      if (room.value && !store.rooms.value.some((r) => r.id === room.value)) room.value = ALL;
    }),
    effect(() => syncUrl(day.value, room.value, type.value)),
    onNetworkChange((off) => (offline.value = off)),
    store.subscribe(({ applied }) => {
      if (applied.kind !== 'session') return;
      markChanged(applied.id);
      announcer.announce(describeSessionChange(applied, zone.peek()));
    }),
  ];

  const timers = new Set<number>();
  /** Highlights a session for CHANGED_MS, wherever it is shown (this day now, another day later). */
  const markChanged = (id: string) => {
    changedUntil.value = new Map(changedUntil.value).set(id, Date.now() + CHANGED_MS);
    const timer = window.setTimeout(() => {
      timers.delete(timer);
      if ((changedUntil.value.get(id) ?? 0) > Date.now()) return;
      const next = new Map(changedUntil.value);
      next.delete(id);
      changedUntil.value = next;
    }, CHANGED_MS + 20);
    timers.add(timer);
  };

  return {
    store,
    meeting,
    sessions,
    days,
    today,
    day,
    room,
    type,
    showLocal,
    changedUntil,
    announcer,
    viewerZone,
    zone,
    sameZone,
    zoneLabel,
    visible,
    countByDay,
    typesOffered,
    asOf,
    stale,
    filtered: computed(() => !!(room.value || type.value)),
    setFilter(which: 'room' | 'type', value: string) {
      (which === 'room' ? room : type).value = value;
    },
    clearFilters() {
      batch(() => {
        room.value = ALL;
        type.value = ALL;
      });
    },
    setLocal(on: boolean) {
      showLocal.value = on;
      storage.set(KEYS.localTime, on ? '1' : null);
    },
    dispose() {
      for (const stop of stops) stop();
      for (const id of timers) window.clearTimeout(id);
      timers.clear();
      announcer.dispose();
    },
  };
}

function syncUrl(day: string, room: string, type: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('day', day);
  if (room) url.searchParams.set('room', room);
  else url.searchParams.delete('room');
  if (type) url.searchParams.set('type', type);
  else url.searchParams.delete('type');
  if (url.href !== window.location.href) history.replaceState(history.state, '', url);
}
