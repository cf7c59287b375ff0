/**
 * `/meetings/:code/live[?stream=id]`: the plenary in the viewer's language, and what is under
 * consideration; `/console/:code/streams`: the same, with the secretariat's controls.
 */
import type { StreamDto } from '@cop/contracts/streams';
import { render } from 'preact';
import * as auth from '../../auth';
import { h } from '../../dom';
import { t } from '../../i18n';
import type { Page, PageContext } from '../../router';
import { renderLoading, renderMeetingLoadFailure, renderMessage, setTitle } from '../../ui';
import '../../live.css';
import { Banner, StreamTabs } from './header';
import { NowInPlenary, OnAir } from './on-air';
import { PlayerBox } from './player-box';
import type { LiveHooks } from './shared';
import { StreamControl } from './stream-control';
import { loadLiveSnapshot, useLiveSession, type LiveSnapshot } from './use-live-session';

export type { LiveHooks } from './shared';

async function load(ctx: PageContext, hooks: LiveHooks): Promise<LiveSnapshot | null> {
  renderLoading(ctx.root);
  try {
    return await loadLiveSnapshot(ctx.params.code, ctx.signal);
  } catch (e) {
    renderMeetingLoadFailure(ctx.root, ctx.params.code, e, hooks.retry);
    return null;
  }
}

export async function livePage(ctx: PageContext, hooks: LiveHooks): Promise<Page> {
  const snapshot = await load(ctx, hooks);
  if (!snapshot) return {};
  const { streams } = snapshot.streams;
  const code = encodeURIComponent(ctx.params.code);
  if (!streams.length) {
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
    renderMessage(ctx.root, {
      title: t('live.noStreamsTitle'),
      text: t('live.streamNotFound', { id: wanted ?? '' }),
      actions: [h('a', { class: 'button', href: `/meetings/${code}/live` }, t('live.streams'))],
    });
    return {};
  }
  return mount(ctx, snapshot, chosen, hooks, false);
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
  const snapshot = await load(ctx, hooks);
  if (!snapshot) return {};
  const { streams } = snapshot.streams;
  if (!streams.length) {
    renderMessage(ctx.root, { title: t('console.title'), text: t('live.noStreams') });
    return {};
  }
  const wanted = ctx.url.searchParams.get('stream');
  return mount(ctx, snapshot, streams.find((s) => s.id === wanted) ?? streams[0], hooks, true);
}

function mount(ctx: PageContext, snapshot: LiveSnapshot, chosen: StreamDto, hooks: LiveHooks, consoleMode: boolean): Page {
  let language = 0;
  const show = () =>
    render(
      <LivePage language={language} root={ctx.root} snapshot={snapshot} chosen={chosen} hooks={hooks} consoleMode={consoleMode} />,
      ctx.root,
    );
  ctx.root.textContent = '';
  show();
  return {
    dispose: () => render(null, ctx.root),
    // A new language: rendered again in place (not mounted again: the player plays on).
    refresh: () => {
      language++;
      show();
    },
  };
}

function LivePage(props: {
  /** Changes with the interface language, so that every view renders again in it. */
  language: number;
  root: HTMLElement;
  snapshot: LiveSnapshot;
  chosen: StreamDto;
  hooks: LiveHooks;
  consoleMode: boolean;
}) {
  const { root, consoleMode } = props;
  const session = useLiveSession(props.snapshot, props.hooks.onUnauthorized);
  const meeting = session.meeting;
  const streams = session.streams.value;
  const sessions = session.sessions.value;
  const stream = streams.find((s) => s.id === props.chosen.id) ?? props.chosen;
  setTitle(consoleMode ? t('console.title') : t('live.docTitle'), stream.name, meeting.shortTitle);
  return (
    <>
      <Banner meeting={meeting} stream={stream} consoleMode={consoleMode} />
      <div class="wrap live-layout">
        <StreamTabs code={meeting.code} streams={streams} current={stream.id} consoleMode={consoleMode} />
        <div class="live-main">
          <PlayerBox root={root} meeting={meeting} stream={stream} sessions={sessions} />
          <OnAir stream={stream} zone={meeting.timeZone} />
          {consoleMode || auth.user()?.role === 'secretariat' ? (
            <StreamControl session={session} meeting={meeting} stream={stream} sessions={sessions} />
          ) : null}
        </div>
        <aside class="live-aside">
          <NowInPlenary session={session} stream={stream} />
        </aside>
      </div>
    </>
  );
}
