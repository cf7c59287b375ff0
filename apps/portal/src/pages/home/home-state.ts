import type { SessionDto } from '@cop/contracts/calendar';
import type { DocumentChangeDto, DocumentDto, DocumentListDto } from '@cop/contracts/documents';
import { correctedDocumentId, publishedDocument } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { computed, signal } from '@preact/signals';
import { api } from '../../api';
import { languageName, latestOnly, shortSymbol } from '../../doc-links';
import { t } from '../../i18n';
import { compareSessions } from '../../meeting-calendar';
import type { MeetingChange, MeetingStore } from '../../meeting-store';
import { Announcer } from '../../meeting-ui';
import { describeSessionChange } from '../../session-text';

/** How many sessions "Next" lists, and how many documents "Latest documents" does. */
const NEXT_COUNT = 5;
const LATEST_DOCS = 5;
/** "Now" and "Next" move with the clock, not only with changes. */
const TICK_MS = 30_000;

const onAir = (s: StreamDto) => s.status === 'live' || s.status === 'paused';
const published = (d: DocumentDto) => Date.parse(d.publishedAt ?? d.updatedAt);

export type HomeState = ReturnType<typeof homeState>;

/**
 * What the meeting home shows beside the meeting store's sessions: the streams on air, the
 * latest documents, what is on now and next (moving with the clock), and what it announces.
 */
export function homeState(store: MeetingStore, streamList: StreamListDto, documentList: DocumentListDto, signal_: AbortSignal) {
  const base = `/api/meetings/${encodeURIComponent(store.code)}`;
  const streams = signal<ReadonlyMap<string, StreamDto>>(new Map(streamList.streams.map((s) => [s.id, s])));
  const docs = signal<ReadonlyMap<string, DocumentDto>>(new Map(documentList.documents.map((d) => [d.id, d])));
  const now = signal(Date.now());
  const announcer = new Announcer();

  const onAirStreams = computed(() => [...streams.value.values()].filter(onAir).sort((a, b) => a.name.localeCompare(b.name)));
  /** Sessions under way (live, or scheduled and between start and end) and the next ones, in time order. */
  const nowAndNext = computed(() => {
    const at = now.value;
    const all = [...store.sessions.value.values()].sort(compareSessions);
    return {
      now: all.filter(
        (s) => s.status === 'live' || (s.status === 'scheduled' && Date.parse(s.startsAt) <= at && at < Date.parse(s.endsAt)),
      ),
      next: all.filter((s) => (s.status === 'scheduled' || s.status === 'postponed') && Date.parse(s.startsAt) > at).slice(0, NEXT_COUNT),
    };
  });
  const latestDocs = computed(() => [...docs.value.values()].sort((a, b) => published(b) - published(a)).slice(0, LATEST_DOCS));

  const wasShown = (s: SessionDto) => s.status === 'live' || Date.parse(s.endsAt) > Date.now();

  const onStream = (s: StreamDto) => {
    const before = streams.value.get(s.id);
    if (before && before.revision > s.revision) return;
    streams.value = new Map(streams.value).set(s.id, s);
    if (!before || onAir(before) !== onAir(s) || before.status !== s.status) {
      if (s.status === 'live') announcer.announce(t('home.liveAnnounce', { stream: s.name }), true);
      else if (s.status === 'paused') announcer.announce(t('home.pausedAnnounce', { stream: s.name }), true);
      else if (before && onAir(before)) announcer.announce(t('home.endedAnnounce', { stream: s.name }), true);
    }
    if (onAir(s) && s.agendaItem && s.agendaItem.id !== before?.agendaItem?.id)
      announcer.announce(t('home.itemAnnounce', { number: s.agendaItem.number }), true);
  };

  /** The change names the document; the full one (every language, with URLs) comes from the API. */
  const onDocument = (change: DocumentChangeDto) => {
    announcer.announce(t('docs.newBadge', { symbol: shortSymbol(change.symbol), language: languageName(change.language) }));
    api<DocumentDto>(`${base}/documents/${encodeURIComponent(change.ref)}`, { signal: signal_ })
      .then((doc) => {
        // A revision replaces what it supersedes, as on the documents page.
        const next = new Map(docs.value);
        for (const [id, other] of next) if (doc.supersedes.includes(other.symbol)) next.delete(id);
        docs.value = next.set(doc.id, latestOnly(doc));
      })
      .catch(() => undefined);
  };

  const reloadDocuments = async () => {
    try {
      const list = await api<DocumentListDto>(`${base}/documents`, { signal: signal_ });
      docs.value = new Map(list.documents.map((d) => [d.id, d]));
    } catch {
      /* the next change or a reload will tell */
    }
  };

  const onChange = ({ event, applied }: MeetingChange) => {
    if (event.stream) return onStream(event.stream);
    const doc = publishedDocument(event);
    if (doc) return onDocument(doc);
    // A correction may change what the list shows (title, distribution): ask for it again.
    if (correctedDocumentId(event)) return void reloadDocuments();
    if (applied.kind !== 'session') return;
    // Announce what concerns Now and Next; the rest of the programme is the schedule's business.
    const { now: on, next } = nowAndNext.value;
    const shown = new Set([...on, ...next].map((s) => s.id));
    if (shown.has(applied.id) || (applied.before && wasShown(applied.before)))
      announcer.announce(describeSessionChange(applied, store.meeting.value.timeZone));
  };

  // Each snapshot has its own seq: what the store applied after the oldest comes again, and
  // revisions skip what is already held.
  const stop = store.subscribe(onChange, Math.min(streamList.lastSeq, documentList.lastSeq));
  const ticker = window.setInterval(() => (now.value = Date.now()), TICK_MS);

  return {
    store,
    base,
    announcer,
    onAirStreams,
    nowAndNext,
    latestDocs,
    dispose() {
      stop();
      window.clearInterval(ticker);
      announcer.dispose();
    },
  };
}
