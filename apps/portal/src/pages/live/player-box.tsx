/**
 * The stage and its controls: the player while the stream is on air, else what the viewer may
 * expect (ended, starting soon with the next session, offline); below it the interpretation
 * channel, audio only (both remembered) and how far behind live the viewer is.
 */
import type { MeetingDto, SessionDto } from '@cop/contracts/calendar';
import { LANGUAGE_INFO } from '@cop/contracts/languages';
import type { StreamDto } from '@cop/contracts/streams';
import { useRef, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { StreamPlayer } from '../../player';
import { KEYS, store } from '../../storage';
import { OffAir } from './off-air';
import { PlenaryPlayer, type PlayerEdge } from './plenary-player';
import { isOnAir } from './shared';

export function PlayerBox(props: {
  language: number;
  root: HTMLElement;
  meeting: MeetingDto;
  stream: StreamDto;
  sessions: ReadonlyMap<string, SessionDto>;
}) {
  const { stream } = props;
  const player = useRef<StreamPlayer | null>(null);
  const [chosen, setChosen] = useState(() => store.get(KEYS.channel));
  const [audioOnly, setAudioOnly] = useState(() => store.get(KEYS.audioOnly) === '1');
  const [edge, setEdge] = useState<PlayerEdge>(null);
  const channel = stream.channels.find((c) => c.code === chosen) ?? stream.channels[0];
  const onAir = isOnAir(stream);

  const chooseChannel = (code: string) => {
    if (!stream.channels.some((c) => c.code === code)) return;
    setChosen(code);
    store.set(KEYS.channel, code);
  };
  const chooseAudioOnly = (on: boolean) => {
    setAudioOnly(on);
    store.set(KEYS.audioOnly, on ? '1' : null);
    document.getElementById('audio-only')?.focus();
  };
  // Reported every second: a new render only when what the indicator says changes.
  const onEdge = (next: PlayerEdge) =>
    setEdge((prev) =>
      prev && next && prev.atEdge === next.atEdge && (next.atEdge || Math.round(prev.behindSeconds) === Math.round(next.behindSeconds))
        ? prev
        : next,
    );

  return (
    <div class="player-box">
      <div class="player-stage">
        {onAir ? (
          <PlenaryPlayer
            language={props.language}
            root={props.root}
            stream={stream}
            channel={channel}
            audioOnly={audioOnly}
            player={player}
            onEdge={onEdge}
          />
        ) : (
          <OffAir root={props.root} meeting={props.meeting} stream={stream} sessions={props.sessions} />
        )}
      </div>
      <div class="player-controls" hidden={!onAir}>
        <div class="field field-inline">
          <label for="channel-select">{t('live.interpretation')}</label>
          <select id="channel-select" value={channel.code} onChange={(e) => chooseChannel(e.currentTarget.value)}>
            {stream.channels.map((c) => (
              <option
                key={c.code}
                value={c.code}
                lang={c.code === 'floor' ? undefined : c.code}
                dir={
                  c.code !== 'floor' && c.code in LANGUAGE_INFO ? LANGUAGE_INFO[c.code as keyof typeof LANGUAGE_INFO].direction : undefined
                }
              >
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <label class="switch" for="audio-only">
          <input
            type="checkbox"
            id="audio-only"
            role="switch"
            checked={audioOnly}
            onChange={(e) => chooseAudioOnly(e.currentTarget.checked)}
          />
          <span>{t('live.audioOnly')}</span>
        </label>
        <LiveEdge edge={edge} goLive={() => player.current?.goLive()} />
      </div>
    </div>
  );
}

/** "Live", or "12 s behind live" with a way back to the edge; hidden for a recording. */
function LiveEdge({ edge, goLive }: { edge: PlayerEdge; goLive(): void }) {
  if (!edge) return <div class="live-edge" hidden />;
  const behind = Math.round(edge.behindSeconds);
  return (
    <div class="live-edge" data-state={edge.atEdge ? 'at-edge' : 'behind'} data-behind={behind}>
      <span class="edge-indicator">
        <span class="live-dot" aria-hidden="true" />
        {edge.atEdge ? t('live.atEdge') : t('live.behind', { s: behind })}
      </span>
      {edge.atEdge ? null : (
        <button type="button" class="button go-live" onClick={goLive}>
          {t('live.goLive')}
        </button>
      )}
    </div>
  );
}
