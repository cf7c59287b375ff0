/**
 * The plenary player: one <video> with an audio rendition per interpretation channel, or an
 * <audio> playing the channel's own audio-only playlist (no video downloaded at all). hls.js
 * where Media Source Extensions exist; the browser's own HLS (Safari, iOS) where they do not.
 * This module is loaded only by the live page, and hls.js only when the player first starts.
 */
import type { StreamChannelDto } from '@cop/contracts/streams';
import type HlsType from 'hls.js';
import type { ErrorData, MediaPlaylist } from 'hls.js';

export type PlayerState = 'loading' | 'playing' | 'waiting' | 'needs-gesture' | 'error';

export interface PlayerEvents {
  onState(state: PlayerState, detail?: { retryInMs?: number; message?: string }): void;
  /** The audio track actually playing changed (hls.js AUDIO_TRACK_SWITCHED, or native). */
  onChannel(code: string): void;
  /** Live edge: null when the media is not live (a recording); else how far behind it we are. */
  onEdge(edge: { live: boolean; behindSeconds: number; atEdge: boolean } | null): void;
}

export interface PlayerSource {
  masterUrl: string;
  channels: StreamChannelDto[];
}

type HlsModule = typeof import('hls.js');
let hlsModule: Promise<HlsModule> | null = null;
/** hls.js arrives in its own chunk, the first time a player needs it. */
export function loadHls(): Promise<HlsModule> {
  hlsModule ??= import('hls.js');
  return hlsModule;
}

const HLS_MIME = 'application/vnd.apple.mpegurl';
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 30_000;

/** The rendition a channel corresponds to: by language tag, else by name; the floor may have no language. */
export function trackFor(channel: StreamChannelDto, tracks: { lang?: string; name?: string; default?: boolean }[]): number {
  const lang = (channel.lang ?? '').toLowerCase();
  const byLang = lang ? tracks.findIndex((t) => (t.lang ?? '').toLowerCase().split('-')[0] === lang.split('-')[0]) : -1;
  if (byLang >= 0) return byLang;
  const byName = tracks.findIndex((t) => (t.name ?? '').toLowerCase() === channel.name.toLowerCase());
  if (byName >= 0) return byName;
  if (channel.code === 'floor') {
    const floor = tracks.findIndex((t) => /floor|original/i.test(t.name ?? '') || !t.lang || t.lang === 'mul' || t.lang === 'und');
    if (floor >= 0) return floor;
  }
  return -1;
}

/** Which channel a playing rendition is. */
function channelOf(track: { lang?: string; name?: string }, channels: StreamChannelDto[]): string | null {
  for (const c of channels) if (trackFor(c, [track]) === 0) return c.code;
  return null;
}

export class StreamPlayer {
  private hls: HlsType | null = null;
  private native = false;
  private media: HTMLVideoElement | HTMLAudioElement;
  private retryTimer = 0;
  private edgeTimer = 0;
  private retries = 0;
  private destroyed = false;
  private recoveredMedia = false;

  constructor(
    host: HTMLElement,
    private readonly source: PlayerSource,
    private channel: StreamChannelDto,
    private readonly audioOnly: boolean,
    private readonly events: PlayerEvents,
  ) {
    this.media = audioOnly ? document.createElement('audio') : document.createElement('video');
    this.media.controls = true;
    this.media.preload = 'auto';
    this.media.className = audioOnly ? 'player-audio' : 'player-video';
    this.media.dataset.mode = audioOnly ? 'audio' : 'video';
    if (this.media instanceof HTMLVideoElement) this.media.playsInline = true;
    this.media.addEventListener('playing', () => {
      this.retries = 0;
      this.events.onState('playing');
    });
    this.media.addEventListener('waiting', () => this.events.onState('waiting'));
    this.media.addEventListener('error', () => {
      if (this.native) this.scheduleRetry('media');
    });
    host.replaceChildren(this.media);
    this.edgeTimer = window.setInterval(() => this.reportEdge(), 1000);
    void this.start();
  }

  get element(): HTMLMediaElement {
    return this.media;
  }

  /** The hls.js instance, for tests and diagnostics (null with native HLS). */
  get engine(): HlsType | null {
    return this.hls;
  }

  /** Switches interpretation without restarting playback (video mode); audio-only reloads the channel's own playlist. */
  setChannel(channel: StreamChannelDto): void {
    this.channel = channel;
    if (this.audioOnly) {
      void this.start();
      return;
    }
    if (this.hls) {
      const i = trackFor(channel, this.hls.audioTracks);
      if (i >= 0 && i !== this.hls.audioTrack) this.hls.audioTrack = i;
      else if (i < 0) this.hls.setAudioOption({ lang: channel.lang ?? undefined, name: channel.name });
    } else if (this.native) {
      this.selectNativeTrack();
    }
  }

  goLive(): void {
    const edge = this.liveEdge();
    if (edge !== null) this.media.currentTime = edge;
    void this.play();
  }

  play(): Promise<void> {
    return this.media.play().then(
      () => undefined,
      (e: Error) => {
        // Autoplay with sound needs a click first; anything else surfaces as an error event.
        if (e.name === 'NotAllowedError') this.events.onState('needs-gesture');
      },
    );
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.edgeTimer);
    this.hls?.destroy();
    this.hls = null;
    this.media.removeAttribute('src');
    this.media.load();
    this.media.remove();
  }

  private url(): string {
    return this.audioOnly ? this.channel.audioOnlyUrl : this.source.masterUrl;
  }

  private async start(): Promise<void> {
    window.clearTimeout(this.retryTimer);
    this.events.onState('loading');
    this.hls?.destroy();
    this.hls = null;
    // If the chunk fails to load (network), native HLS may still do; else retry.
    const Hls: HlsModule['default'] | null = await loadHls().then(
      (m) => m.default,
      () => {
        hlsModule = null;
        return null;
      },
    );
    if (this.destroyed) return;
    if (Hls && Hls.isSupported()) {
      this.native = false;
      this.startHls(Hls);
    } else if (this.media.canPlayType(HLS_MIME)) {
      this.native = true;
      this.media.src = this.url();
      this.media.addEventListener('loadedmetadata', () => this.selectNativeTrack(), { once: true });
      void this.play();
    } else if (!Hls) {
      this.scheduleRetry('network');
    } else {
      this.events.onState('error', { message: 'unsupported' });
    }
  }

  private startHls(Hls: HlsModule['default']): void {
    const hls = new Hls({
      // The viewer's language, chosen before the manifest arrives.
      audioPreference: this.audioOnly ? undefined : { lang: this.channel.lang ?? undefined, name: this.channel.name },
      liveSyncDurationCount: 3,
      // hls.js retries segment and playlist loads itself; fatal errors come to us.
      manifestLoadPolicy: {
        default: {
          maxTimeToFirstByteMs: 10_000,
          maxLoadTimeMs: 20_000,
          timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 },
          errorRetry: { maxNumRetry: 1, retryDelayMs: 1000, maxRetryDelayMs: 8000 },
        },
      },
    });
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      if (!this.audioOnly) this.applyChannel(hls);
      void this.play();
    });
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, () => {
      if (!this.audioOnly) this.applyChannel(hls);
    });
    hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, (_e, data: { id: number }) => {
      const track: MediaPlaylist | undefined = hls.audioTracks[data.id];
      const code = track ? channelOf(track, this.source.channels) : null;
      if (code) this.events.onChannel(code);
    });
    hls.on(Hls.Events.ERROR, (_e, data: ErrorData) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !this.recoveredMedia) {
        this.recoveredMedia = true;
        hls.recoverMediaError();
        return;
      }
      this.scheduleRetry(data.type === Hls.ErrorTypes.NETWORK_ERROR ? 'network' : 'media');
    });
    hls.loadSource(this.url());
    hls.attachMedia(this.media);
    if (this.audioOnly) this.events.onChannel(this.channel.code);
  }

  private applyChannel(hls: HlsType): void {
    const i = trackFor(this.channel, hls.audioTracks);
    if (i >= 0 && i !== hls.audioTrack) hls.audioTrack = i;
  }

  /** Safari's native HLS exposes the renditions as media.audioTracks. */
  private selectNativeTrack(): void {
    const list = (this.media as HTMLMediaElement & { audioTracks?: ArrayLike<{ language: string; label: string; enabled: boolean }> })
      .audioTracks;
    if (!list || this.audioOnly) {
      this.events.onChannel(this.channel.code);
      return;
    }
    const tracks = Array.from(list);
    const i = trackFor(
      this.channel,
      tracks.map((t) => ({ lang: t.language, name: t.label })),
    );
    if (i < 0) return;
    tracks.forEach((t, j) => (t.enabled = j === i));
    this.events.onChannel(this.channel.code);
  }

  /** A fatal error: say so, and start again after a growing pause (2 s, 4 s, … 30 s). */
  private scheduleRetry(kind: 'network' | 'media'): void {
    if (this.destroyed) return;
    this.hls?.destroy();
    this.hls = null;
    const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.retries);
    this.retries++;
    this.recoveredMedia = false;
    this.events.onState('error', { retryInMs: wait, message: kind });
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.start(), navigator.onLine === false ? Math.max(wait, 5000) : wait);
  }

  /** Retries now (the network came back, or the viewer asked). */
  retryNow(): void {
    this.retries = 0;
    void this.start();
  }

  private liveEdge(): number | null {
    if (this.hls) return this.hls.liveSyncPosition ?? null;
    const s = this.media.seekable;
    return this.native && s.length && Number.isFinite(this.media.duration) === false ? s.end(s.length - 1) : null;
  }

  private isLive(): boolean {
    if (this.hls) {
      const level = this.hls.levels[this.hls.currentLevel >= 0 ? this.hls.currentLevel : 0];
      return !!level?.details?.live;
    }
    return this.native && this.media.duration === Infinity;
  }

  private reportEdge(): void {
    if (!this.isLive()) {
      this.events.onEdge(null);
      return;
    }
    const edge = this.liveEdge();
    if (edge === null) return;
    const behind = Math.max(0, edge - this.media.currentTime);
    const target = this.hls?.levels[0]?.details?.targetduration ?? 2;
    this.events.onEdge({ live: true, behindSeconds: behind, atEdge: behind <= target * 1.5 });
  }
}
