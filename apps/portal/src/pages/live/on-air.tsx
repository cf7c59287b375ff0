/**
 * What is on air: the session (under the player) and "now in plenary", the agenda item under
 * consideration with its documents (read from the documents API, and again when one of them
 * may have changed).
 */
import type { DocumentListDto } from '@cop/contracts/documents';
import type { ChangeEvent } from '@cop/contracts/feed';
import type { StreamDto } from '@cop/contracts/streams';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { ContentText } from '../../content-text';
import { lang, locale, t } from '../../i18n';
import { clock } from '../../time';
import type { LiveSession } from './live-session';
import { isOnAir } from './shared';

type ItemDocument = DocumentListDto['documents'][number];

export function OnAir({ stream, zone }: { stream: StreamDto; zone: string }) {
  // The session stays named on a stream that has ended: "On air" only while it is broadcast.
  const s = isOnAir(stream) ? stream.session : null;
  if (!s) return <p class="on-air" hidden />;
  const at = (iso: string) => clock(new Date(iso), zone, locale());
  return (
    <p class="on-air">
      <span class="on-air-label">{t('live.onAir')}</span> <ContentText text={s.title} />
      {' · '}
      <span dir="ltr">{`${at(s.startsAt)}–${at(s.endsAt)}`}</span>
    </p>
  );
}

export function NowInPlenary({ session, stream }: { language: number; session: LiveSession; stream: StreamDto }) {
  const item = stream.agendaItem;
  const docs = useItemDocuments(session, item?.id ?? null);
  return (
    <section class="now-in-plenary" aria-labelledby="now-heading" aria-live="polite">
      <h2 id="now-heading">{t('live.now')}</h2>
      {!item ? (
        <p class="now-none">{t('live.nowNone')}</p>
      ) : (
        <>
          <p class="now-item" data-agenda-item={item.id}>
            <span class="now-number">{t('live.item', { number: item.number })}</span>
            <ContentText text={item.title} class="now-title" />
          </p>
          {docs === null ? null : (
            <div class="now-documents">
              <h3>{t('live.documents')}</h3>
              {docs.length ? (
                <ul>
                  {docs.map((d) => (
                    <ItemDocumentLink key={d.id} doc={d} />
                  ))}
                </ul>
              ) : (
                <p>{t('live.noDocuments')}</p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The document's symbol, a link to it in the viewer's language (else English, else the first one). */
function ItemDocumentLink({ doc }: { doc: ItemDocument }) {
  const file = doc.languages.find((l) => l.language === lang()) ?? doc.languages.find((l) => l.language === 'en') ?? doc.languages[0];
  return (
    <li data-document={doc.symbol}>
      {file ? (
        <a href={file.latest.url} data-external="" class="doc-symbol" dir="ltr">
          {doc.symbol}
        </a>
      ) : (
        <span class="doc-symbol" dir="ltr">
          {doc.symbol}
        </span>
      )}{' '}
      <ContentText text={doc.title} />
    </li>
  );
}

/** Whether a document change may alter the item's list: a new file only if it is for the item; a correction or withdrawal always. */
const concernsItem = (event: ChangeEvent, itemId: string): boolean => {
  const d = event.document;
  if (!d || event.stream) return false;
  return event.kind !== 'document.published' || !('agendaItems' in d) || d.agendaItems.some((a) => a.id === itemId);
};

/** The item's documents; null while unknown (absent from the documents API is no list, not an error). */
function useItemDocuments(session: LiveSession, itemId: string | null): ItemDocument[] | null {
  const [loaded, setLoaded] = useState<{ item: string; docs: ItemDocument[] } | null>(null);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    if (!itemId) return undefined;
    return session.subscribe((event) => {
      if (concernsItem(event, itemId)) setReads((n) => n + 1);
    });
  }, [session, itemId]);
  useEffect(() => {
    if (!itemId) return undefined;
    const controller = new AbortController();
    const code = encodeURIComponent(session.meeting.peek().code);
    api<DocumentListDto>(`/api/meetings/${code}/documents?agendaItem=${encodeURIComponent(itemId)}`, { signal: controller.signal }).then(
      (list) => setLoaded({ item: itemId, docs: list.documents ?? [] }),
      () => {
        if (!controller.signal.aborted) setLoaded(null);
      },
    );
    return () => controller.abort();
  }, [session, itemId, reads]);
  // A list read for another item is never shown, not even while this one's is on its way.
  return loaded && loaded.item === itemId ? loaded.docs : null;
}
