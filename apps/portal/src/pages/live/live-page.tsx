/**
 * `/meetings/:code/live[?stream=id]`: the plenary in the viewer's language, and what is under
 * consideration; `/console/:code/streams`: the same, with the secretariat's controls.
 */
import type { StreamDto } from '@cop/contracts/streams';
import * as auth from '../../auth';
import { h } from '../../dom';
import { t } from '../../i18n';
import { mountView } from '../../meeting-page';
import type { Page, PageContext } from '../../router';
import { renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../../ui';
import '../../live.css';
import { Banner, StreamTabs } from './header';
import { NowInPlenary, OnAir } from './on-air';
import { PlayerBox } from './player-box';
import type { LiveHooks } from './shared';
import { StreamControl } from './stream-control';
import { openLiveSession, type LiveSession } from './live-session';

export type { LiveHooks } from './shared';

async function load(ctx: PageContext, hooks: LiveHooks): Promise<LiveSession | null> {
  renderLoading(ctx.root);
  try {
    return await openLiveSession(ctx.params.code, ctx.signal);
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, ctx.params.code, e, hooks.retry);
    return null;
  }
}

export async function livePage(ctx: PageContext, hooks: LiveHooks): Promise<Page> {
  const session = await load(ctx, hooks);
  if (!session) return {};
  const streams = session.streams.value;
  const code = encodeURIComponent(ctx.params.code);
  if (!streams.length) {
    session.close();
    renderMessage(ctx.root, {
      title: t('live.noStreamsTitle'),
      text: t('live.noStreams'),
      actions: [h('a', { class: 'button', href: `/meetings/${code}/schedule` }, t('live.schedule'))],
    });
    return {};
  }
  const wanted = ctx.url.searchParams.get('stream');
  const chosen = wanted
    ? streams.find((s) => s.id === wanted)
    : (streams.find((s) => s.status === 'live' || s.status === 'paused') ?? streams[0]);
  if (!chosen) {
    session.close();
    renderMessage(ctx.root, {
      title: t('live.noStreamsTitle'),
      text: t('live.streamNotFound', { id: wanted ?? '' }),
      actions: [h('a', { class: 'button', href: `/meetings/${code}/live` }, t('live.streams'))],
    });
    return {};
  }
  return mount(ctx, session, chosen, false);
}

export async function streamConsolePage(ctx: PageContext, hooks: LiveHooks): Promise<Page> {
  if (auth.user()?.role !== 'secretariat') {
    renderMessage(ctx.root, {
      title: t('console.title'),
      text: t('console.forbidden'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname)}` }, t('app.signIn'))],
    });
    return {};
  }
  const session = await load(ctx, hooks);
  if (!session) return {};
  const streams = session.streams.value;
  if (!streams.length) {
    session.close();
    renderMessage(ctx.root, { title: t('console.title'), text: t('live.noStreams') });
    return {};
  }
  const wanted = ctx.url.searchParams.get('stream');
  return mount(ctx, session, streams.find((s) => s.id === wanted) ?? streams[0], true);
}

function mount(ctx: PageContext, session: LiveSession, chosen: StreamDto, consoleMode: boolean): Page {
  return mountView(ctx.root, {
    // A new language: rendered again in place (not mounted again: the player plays on).
    render: (language) => <LivePage language={language} root={ctx.root} session={session} chosen={chosen} consoleMode={consoleMode} />,
    dispose: () => session.close(),
  });
}

function LivePage(props: {
  /**
   * Counts interface language changes. Components with state render again only when a prop
   * changes (the signals integration skips the rest), so the stateful parts take it as a prop.
   */
  language: number;
  root: HTMLElement;
  session: LiveSession;
  chosen: StreamDto;
  consoleMode: boolean;
}) {
  const { root, session, consoleMode } = props;
  const meeting = session.meeting.value;
  const streams = session.streams.value;
  const sessions = session.sessions.value;
  const stream = streams.find((s) => s.id === props.chosen.id) ?? props.chosen;
  setTitle(consoleMode ? t('console.title') : t('live.docTitle'), stream.name, meeting.shortTitle);
  return (
    <>
      <Banner meeting={meeting} stream={stream} sessions={sessions} consoleMode={consoleMode} />
      <div class="wrap live-layout">
        <StreamTabs code={meeting.code} streams={streams} sessions={sessions} current={stream.id} consoleMode={consoleMode} />
        <div class="live-main">
          <PlayerBox language={props.language} root={root} meeting={meeting} stream={stream} sessions={sessions} />
          <OnAir stream={stream} zone={meeting.timeZone} />
          {consoleMode || auth.user()?.role === 'secretariat' ? (
            <StreamControl language={props.language} session={session} meeting={meeting} stream={stream} sessions={sessions} />
          ) : null}
        </div>
        <aside class="live-aside">
          <NowInPlenary language={props.language} session={session} stream={stream} />
        </aside>
      </div>
    </>
  );
}
