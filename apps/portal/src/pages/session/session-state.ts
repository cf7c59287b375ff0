import type { DocumentDto, DocumentListDto } from '@cop/contracts/documents';
import { correctedDocumentId, publishedDocument } from '@cop/contracts/feed';
import type { StreamDto, StreamListDto } from '@cop/contracts/streams';
import { computed, signal } from '@preact/signals';
import { api } from '../../api';
import { languageName, shortSymbol } from '../../doc-links';
import { t } from '../../i18n';
import type { MeetingChange, MeetingStore } from '../../meeting-store';
import { Announcer } from '../../meeting-ui';
import { describeSessionChange } from '../../session-text';
import { KEYS, store as storage } from '../../storage';
import { viewerTimeZone } from '../../time';

const onAir = (s: StreamDto) => s.status === 'live' || s.status === 'paused';

export type Docs = DocumentDto[] | 'loading' | 'failed';
export type SessionState = ReturnType<typeof sessionState>;

/**
 * What the session page shows beside the meeting store's copy of the session: the stream
 * with it on air, the documents of its agenda items (and of the item under consideration),
 * venue or local times, and what it announces.
 */
export function sessionState(store: MeetingStore, id: string, streamList: StreamListDto) {
  const base = `/api/meetings/${encodeURIComponent(store.code)}`;
  const viewerZone = viewerTimeZone();
  const streams = signal<ReadonlyMap<string, StreamDto>>(new Map(streamList.streams.map((s) => [s.id, s])));
  const docs = signal<ReadonlyMap<string, Docs>>(new Map());
  const showLocal = signal(storage.get(KEYS.localTime) === '1');
  const announcer = new Announcer();
  const controllers = new Map<string, AbortController>();

  const session = computed(() => store.sessions.value.get(id));
  /** The stream with this session on air, if any. */
  const stream = computed(() => [...streams.value.values()].find((s) => onAir(s) && s.session?.id === id));
  const zone = computed(() => (showLocal.value ? viewerZone : store.meeting.value.timeZone));

  /** The agenda items whose documents the page shows: the session's, and the one under consideration. */
  const trackedItems = () => {
    const ids = new Set(session.peek()?.agendaItems.map((a) => a.id) ?? []);
    const now = stream.peek()?.agendaItem?.id;
    if (now) ids.add(now);
    return [...ids];
  };

  const setDocs = (itemId: string, value: Docs) => (docs.value = new Map(docs.value).set(itemId, value));

  /** Loads the documents of tracked items not loaded yet, or of `refresh` (a document was published for them). */
  const loadDocuments = (refresh: string[] = []) => {
    for (const itemId of trackedItems()) {
      if (docs.value.has(itemId) && !refresh.includes(itemId)) continue;
      if (!docs.value.has(itemId)) setDocs(itemId, 'loading');
      controllers.get(itemId)?.abort();
      const controller = new AbortController();
      controllers.set(itemId, controller);
      api<DocumentListDto>(`${base}/documents?agendaItem=${encodeURIComponent(itemId)}`, { signal: controller.signal })
        .then((list) => setDocs(itemId, list.documents))
        .catch(() => {
          if (!controller.signal.aborted && !Array.isArray(docs.value.get(itemId))) setDocs(itemId, 'failed');
        })
        .finally(() => {
          if (!controller.signal.aborted) controllers.delete(itemId);
        });
    }
  };

  const onStream = (s: StreamDto) => {
    const before = streams.value.get(s.id);
    if (before && before.revision > s.revision) return;
    const wasOnAir = stream.peek();
    streams.value = new Map(streams.value).set(s.id, s);
    const nowOnAir = stream.peek();
    if (wasOnAir?.id !== nowOnAir?.id) {
      if (nowOnAir) announcer.announce(t('home.liveAnnounce', { stream: nowOnAir.name }), true);
      else if (wasOnAir) announcer.announce(t('home.endedAnnounce', { stream: wasOnAir.name }), true);
    }
    const item = nowOnAir?.agendaItem;
    if (item && item.id !== wasOnAir?.agendaItem?.id) announcer.announce(t('home.itemAnnounce', { number: item.number }), true);
    loadDocuments();
  };

  const onChange = ({ event, applied }: MeetingChange) => {
    if (event.stream) return onStream(event.stream);
    const published = publishedDocument(event);
    if (published) {
      const touched = published.agendaItems.map((a) => a.id).filter((itemId) => trackedItems().includes(itemId));
      if (!touched.length) return;
      announcer.announce(t('docs.newBadge', { symbol: shortSymbol(published.symbol), language: languageName(published.language) }));
      return loadDocuments(touched);
    }
    // A correction may move a document between agenda items or change who sees it: ask again.
    if (correctedDocumentId(event)) return loadDocuments(trackedItems());
    // Only this session matters here; the rest of the programme is the schedule's.
    if (applied.kind !== 'session' || applied.id !== id) return;
    announcer.announce(describeSessionChange(applied, zone.peek()), true);
    const items = (s: typeof applied.after) => s?.agendaItems.map((a) => a.id).join();
    if (applied.after && items(applied.after) !== items(applied.before)) loadDocuments();
  };

  loadDocuments();
  const stop = store.subscribe(onChange, streamList.lastSeq);

  return {
    store,
    id,
    base,
    viewerZone,
    session,
    stream,
    docs,
    showLocal,
    zone,
    announcer,
    setLocal(on: boolean) {
      showLocal.value = on;
      storage.set(KEYS.localTime, on ? '1' : null);
    },
    dispose() {
      stop();
      for (const c of controllers.values()) c.abort();
      announcer.dispose();
    },
  };
}
