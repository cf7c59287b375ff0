import type { DocumentListDto } from '@cop/contracts/documents';
import { api } from '../../api';
import * as auth from '../../auth';
import { h } from '../../dom';
import { t } from '../../i18n';
import { mountMeetingPage } from '../../meeting-page';
import { useMeetingChanges, type MeetingStore } from '../../meeting-store';
import { Connection } from '../../meeting-ui';
import type { Page, PageContext } from '../../router';
import { renderMessage, setTitle } from '../../ui';
import '../../documents.css';
import { DocumentGroups } from './document-list';
import { DocumentSearch } from './document-search';
import { documentsState, type Documents } from './documents-state';
import { Filters } from './filters';
import { ContentText } from './shared';
import { UploadForm } from './upload-form';

export interface DocumentsHooks {
  retry(): void;
}

/** `/meetings/:code/documents` (and `/console/:code/documents`, the upload form first). */
export async function documentsPage(ctx: PageContext, hooks: DocumentsHooks, consoleFirst = false): Promise<Page> {
  const base = `/api/meetings/${encodeURIComponent(ctx.params.code)}`;
  if (consoleFirst && auth.user()?.role !== 'secretariat') {
    renderMessage(ctx.root, {
      title: t('upload.title'),
      text: t('upload.forbidden'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  return mountMeetingPage(ctx, hooks.retry, async (store) => {
    // The store's snapshot first: the list is then as new as it, and the store replays what followed.
    const list = await api<DocumentListDto>(`${base}/documents`, { signal: ctx.signal });
    const docs = documentsState(ctx, store.meeting.value, list);
    return {
      // A new language: everything is rendered again in it (the documents, filters and feed stay).
      render: (language) => <DocumentsPage generation={language} docs={docs} store={store} consoleFirst={consoleFirst} />,
      dispose: () => docs.dispose(),
    };
  });
}

/** The page: the meeting's changes from the list's seq on, and the view (mounted again when the language changes). */
function DocumentsPage(props: { generation: number; docs: Documents; store: MeetingStore; consoleFirst: boolean }) {
  const { docs, store } = props;
  useMeetingChanges(store, ({ event }) => docs.onChange(event), docs.lastSeq);
  return <DocumentsView key={props.generation} docs={docs} store={store} consoleFirst={props.consoleFirst} />;
}

function DocumentsView({ docs, store, consoleFirst }: { docs: Documents; store: MeetingStore; consoleFirst: boolean }) {
  const m = docs.meeting.value;
  setTitle(t('docs.docTitle'), m.shortTitle);
  const upload = docs.secretariat ? <UploadForm docs={docs} /> : null;
  return (
    <>
      <section class="meeting-banner" aria-labelledby="meeting-title">
        <div class="wrap">
          <nav class="breadcrumb" aria-label={t('app.breadcrumb')}>
            <a href="/">{t('meetings.title')}</a>
            <span aria-hidden="true"> / </span>
            <a href={`/meetings/${encodeURIComponent(docs.code)}/schedule`}>{m.shortTitle}</a>
            <span aria-hidden="true"> / </span>
            {t('docs.heading')}
          </nav>
          <p class="meeting-kicker">
            <span class="code-chip code-chip-inverse">{m.shortTitle}</span>
          </p>
          <h1 class="meeting-title" id="meeting-title">
            <ContentText text={m.title} />
          </h1>
        </div>
      </section>
      <div class="wrap documents">
        {consoleFirst ? upload : null}
        <div class="schedule-bar">
          <h2 class="schedule-heading" id="documents-heading">
            {t('docs.heading')}
          </h2>
          <Connection status={store.status.value} />
        </div>
        <div class="doc-toasts" data-doc-toasts="">
          {docs.toasts.value.map((x) => (
            <p key={x.id} class={`doc-toast doc-toast-${x.tone}`} data-toast={x.tone}>
              {x.text}
            </p>
          ))}
        </div>
        <DocumentSearch docs={docs} />
        <Filters docs={docs} />
        {docs.query.value.trim() ? null : <DocumentGroups docs={docs} />}
        <p class="doc-footnotes">
          {docs.signedIn ? null : (
            <>
              <span>{t('docs.signInHint')}</span>{' '}
            </>
          )}
          <a href={`${docs.apiBase}/documents/manifest.json`} data-external="">
            {t('docs.manifest')}
          </a>
        </p>
        {consoleFirst ? null : upload}
      </div>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-announcer="">
        {docs.announcement}
      </div>
    </>
  );
}
