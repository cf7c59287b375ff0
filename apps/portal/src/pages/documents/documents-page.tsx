import type { MeetingDto } from '@cop/contracts/calendar';
import type { DocumentListDto } from '@cop/contracts/documents';
import type { ReadonlySignal } from '@preact/signals';
import { render } from 'preact';
import { api } from '../../api';
import * as auth from '../../auth';
import { h } from '../../dom';
import { t } from '../../i18n';
import type { FeedStatus } from '../../feed';
import type { Page, PageContext } from '../../router';
import { renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../../ui';
import '../../documents.css';
import { useDocumentFeed } from './document-feed';
import { DocumentGroups } from './document-list';
import { documentsState, type Documents } from './documents-state';
import { Filters } from './filters';
import { ContentText } from './shared';
import { UploadForm } from './upload-form';

export interface DocumentsHooks {
  retry(): void;
  onUnauthorized(): void;
}

/** `/meetings/:code/documents` (and `/console/:code/documents`, the upload form first). */
export async function documentsPage(ctx: PageContext, hooks: DocumentsHooks, consoleFirst = false): Promise<Page> {
  const code = ctx.params.code;
  renderLoading(ctx.root);
  const base = `/api/meetings/${encodeURIComponent(code)}`;
  if (consoleFirst && auth.user()?.role !== 'secretariat') {
    renderMessage(ctx.root, {
      title: t('upload.title'),
      text: t('upload.forbidden'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  let meeting: MeetingDto;
  let list: DocumentListDto;
  try {
    [meeting, list] = await Promise.all([
      api<MeetingDto>(base, { signal: ctx.signal }),
      api<DocumentListDto>(`${base}/documents`, { signal: ctx.signal }),
    ]);
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, code, e, hooks.retry);
    return {};
  }
  const docs = documentsState(ctx, meeting, list);
  let generation = 0;
  const show = () => render(<DocumentsPage generation={generation} docs={docs} hooks={hooks} consoleFirst={consoleFirst} />, ctx.root);
  ctx.root.textContent = '';
  show();
  return {
    dispose: () => {
      render(null, ctx.root);
      docs.dispose();
    },
    // A new language: everything is rendered again in it (the documents, filters and feed stay).
    refresh: () => {
      generation++;
      show();
    },
  };
}

/** The page: the feed's subscription, and the view (mounted again when the language changes). */
function DocumentsPage(props: { generation: number; docs: Documents; hooks: DocumentsHooks; consoleFirst: boolean }) {
  const { docs, hooks } = props;
  const status = useDocumentFeed({
    meeting: docs.code,
    since: docs.lastSeq,
    onChange: docs.onChange,
    onUnauthorized: hooks.onUnauthorized,
  });
  return <DocumentsView key={props.generation} docs={docs} status={status} consoleFirst={props.consoleFirst} />;
}

function DocumentsView({ docs, status, consoleFirst }: { docs: Documents; status: ReadonlySignal<FeedStatus>; consoleFirst: boolean }) {
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
          <Connection status={status.value} />
        </div>
        <div class="doc-toasts" data-doc-toasts="">
          {docs.toasts.value.map((x) => (
            <p key={x.id} class={`doc-toast doc-toast-${x.tone}`} data-toast={x.tone}>
              {x.text}
            </p>
          ))}
        </div>
        <Filters docs={docs} />
        <DocumentGroups docs={docs} />
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

function Connection({ status }: { status: FeedStatus }) {
  const key = status === 'live' ? 'conn.live' : status === 'reconnecting' ? 'conn.reconnecting' : 'conn.connecting';
  return (
    <p class="conn" role="status" aria-live="polite" data-state={status}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-text">{t(key)}</span>
    </p>
  );
}
