/**
 * The plenary player while the stream is on air. player.ts's StreamPlayer stays imperative: it
 * is created on the host element in an effect (again when the stream's source or the audio-only
 * choice changes), told of a new channel without restarting, and destroyed on unmount. Beside it,
 * the overlay says what it is doing: loading, buffering, suspended, "press play", or an error
 * with the seconds until it tries again.
 */
import type { StreamChannelDto, StreamDto } from '@cop/contracts/streams';
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import { StreamPlayer, type PlayerEvents, type PlayerState } from '../../player';

export type PlayerEdge = Parameters<PlayerEvents['onEdge']>[0];

interface Shown {
  state: PlayerState;
  message?: string;
  /** When an error's automatic retry is due (epoch ms). */
  retryAt?: number;
}

type DiagnosticsWindow = { __copPlayer?: StreamPlayer };

export function PlenaryPlayer(props: {
  language: number;
  /** The page's root: its data-live-state says what the stage shows (styles, tests). */
  root: HTMLElement;
  stream: StreamDto;
  channel: StreamChannelDto;
  audioOnly: boolean;
  /** The player, for the controls beside the stage (go live). */
  player: MutableRef<StreamPlayer | null>;
  onEdge(edge: PlayerEdge): void;
}) {
  const { stream, channel, audioOnly, player } = props;
  const host = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<Shown>({ state: 'loading' });
  const latest = useRef({ ...props, shown });
  latest.current = { ...props, shown };
  /** The channel the player was last told of. */
  const applied = useRef('');

  useEffect(() => {
    const el = host.current!;
    const { stream, channel, audioOnly } = latest.current;
    const created = new StreamPlayer(el, stream, channel, audioOnly, {
      onState: (state, detail) =>
        setShown({
          state,
          message: detail?.message,
          retryAt: detail?.retryInMs === undefined ? undefined : Date.now() + detail.retryInMs,
        }),
      // On the host, which outlives a player restart: what is actually playing (tests read it).
      onChannel: (code) => (el.dataset.channel = code),
      onEdge: (edge) => latest.current.onEdge(edge),
    });
    applied.current = channel.code;
    player.current = created;
    // Diagnostics (and the browser tests): the player and, with hls.js, its engine.
    (window as DiagnosticsWindow).__copPlayer = created;
    return () => {
      created.destroy();
      player.current = null;
      delete (window as DiagnosticsWindow).__copPlayer;
      latest.current.onEdge(null);
    };
  }, [stream.id, stream.masterUrl, audioOnly]);

  useEffect(() => {
    if (!player.current || applied.current === channel.code) return;
    applied.current = channel.code;
    player.current.setChannel(channel);
  }, [channel.code]);

  // Every render: the label follows the channel, the stream's name and the interface language.
  useEffect(() => {
    player.current?.element.setAttribute(
      'aria-label',
      audioOnly ? t('live.playerAudio', { channel: channel.name }) : `${t('live.player')}: ${stream.name}`,
    );
  });

  // The network is back: no need to wait out the retry pause.
  useEffect(() => {
    const onOnline = () => {
      if (latest.current.shown.state === 'error') player.current?.retryNow();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);

  const liveState = shown.state === 'error' ? 'error' : stream.status === 'paused' ? 'paused' : shown.state;
  useEffect(() => {
    props.root.dataset.liveState = liveState;
  }, [liveState]);

  return (
    <>
      <div class="player-host" ref={host} />
      <Overlay shown={shown} paused={stream.status === 'paused'} player={player} />
    </>
  );
}

function Overlay({ shown, paused, player }: { shown: Shown; paused: boolean; player: MutableRef<StreamPlayer | null> }) {
  const note = paused ? <p class="player-note">{t('live.paused')}</p> : null;
  return (
    <div class="player-overlay" role="status" aria-live="polite" hidden={shown.state === 'playing' && !paused}>
      {shown.state === 'playing' ? (
        note
      ) : shown.state === 'error' && shown.message === 'unsupported' ? (
        <p class="player-note player-error">{t('live.unsupported')}</p>
      ) : shown.state === 'error' ? (
        <p class="player-note player-error">
          <RetryCountdown at={shown.retryAt ?? Date.now()} />{' '}
          <button type="button" class="link-button" onClick={() => player.current?.retryNow()}>
            {t('live.retryNow')}
          </button>
        </p>
      ) : shown.state === 'needs-gesture' ? (
        <p class="player-note">
          {t('live.gesture')}{' '}
          <button type="button" class="button button-primary" onClick={() => void player.current?.play()}>
            {t('live.play')}
          </button>
        </p>
      ) : (
        <>
          {note}
          <p class="player-note">{shown.state === 'waiting' ? t('live.waiting') : t('live.loading')}</p>
        </>
      )}
    </div>
  );
}

/** "Trying again in 4 s…", counting down each second. */
function RetryCountdown({ at }: { at: number }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [at]);
  return <span>{t('live.error', { s: Math.max(0, Math.ceil((at - Date.now()) / 1000)) })}</span>;
}
