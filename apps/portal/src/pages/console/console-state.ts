/**
 * The console's state over the meeting store: the open day, the side panel (the session being
 * created or edited, and a concurrent editor's copy after a 412) and the session being moved by
 * keyboard, with the writes that publish them. The grid and the list render from the store's
 * sessions, so another editor's changes appear in them while the panel is open.
 */
import type { SessionDto, SessionStatus } from '@cop/contracts/calendar';
import { computed, signal } from '@preact/signals';
import { api, ApiError, errorText } from '../../api';
import { compareSessions } from '../../meeting-calendar';
import type { MeetingStore } from '../../meeting-store';
import { Announcer } from '../../meeting-ui';
import { text } from '../../session-text';
import { dayIn, daysBetween } from '../../time';
import { ct } from './console-i18n';
import { clashOf, createBody, draftOf, newDraft, patchOf, problemsOf, type Draft } from './session-draft';
import { hhmm, minutesOf, STEP_MIN, venueTime } from './venue-time';

export interface PanelState {
  mode: 'create' | 'edit';
  /** The session as it was when the panel opened; the edit is what differs from it. */
  base: SessionDto | null;
  draft: Draft;
  /** After a 412: the session as the other editor left it. */
  conflict: SessionDto | null;
  /** The API refused a clash the store did not know of (409): offer to save anyway. */
  serverClash: boolean;
  error: string;
  busy: boolean;
}

/** A session picked up with the keyboard, and where it would go. */
export interface Move {
  id: string;
  roomId: string;
  minutes: number;
}

export class ConsoleState {
  readonly announcer = new Announcer();
  readonly day = signal('');
  readonly panel = signal<PanelState | null>(null);
  readonly moving = signal<Move | null>(null);
  /** This editor's last change to a session (an edit or a move), which Undo puts back. */
  readonly lastEdit = signal<{ before: SessionDto; after: SessionDto } | null>(null);
  /** The element id that gets focus back when the panel closes. */
  private returnFocus: string | null = null;

  readonly zone = computed(() => this.store.meeting.value.timeZone);
  readonly days = computed(() => {
    const m = this.store.meeting.value;
    const days = new Set(daysBetween(m.startDate, m.endDate));
    for (const s of this.store.sessions.value.values()) days.add(venueTime(s.startsAt, this.zone.value).day);
    return [...days].sort();
  });
  readonly daySessions = computed(() =>
    [...this.store.sessions.value.values()]
      .filter((s) => venueTime(s.startsAt, this.zone.value).day === this.day.value)
      .sort(compareSessions),
  );

  /** Opens on `asked` (the page's ?day=) if the meeting has it, else on the venue's today, else the first day. */
  constructor(
    readonly store: MeetingStore,
    asked: string | null = null,
  ) {
    const days = this.days.value;
    const today = dayIn(new Date(), this.zone.value);
    this.day.value = asked && days.includes(asked) ? asked : days.includes(today) ? today : (days[0] ?? '');
  }

  private get base(): string {
    return `/api/meetings/${encodeURIComponent(this.store.code)}/sessions`;
  }

  roomName(id: string): string {
    return this.store.rooms.value.find((r) => r.id === id)?.name ?? '';
  }

  /** The clash the panel's draft would make, from the store's current sessions. */
  readonly clash = computed(() => {
    const p = this.panel.value;
    return p ? clashOf(p.draft, this.store.sessions.value.values(), this.zone.value, p.base?.id ?? null) : null;
  });

  openNew(roomId: string, minutes: number, returnFocus: string): void {
    this.returnFocus = returnFocus;
    this.panel.value = { mode: 'create', base: null, draft: newDraft(roomId, this.day.value, minutes), ...fresh };
  }

  openEdit(s: SessionDto, returnFocus: string, draft?: Draft): void {
    this.returnFocus = returnFocus;
    this.panel.value = { mode: 'edit', base: s, draft: draft ?? draftOf(s, this.zone.value), ...fresh };
  }

  close(): void {
    this.panel.value = null;
    const id = this.returnFocus;
    // After the grid has re-rendered (a saved session may have moved).
    window.setTimeout(() => (id ? document.getElementById(id) : null)?.focus(), 0);
  }

  edit(change: Partial<Draft>): void {
    const p = this.panel.value;
    if (p) this.panel.value = { ...p, draft: { ...p.draft, ...change }, serverClash: false, error: '' };
  }

  private patchPanel(change: Partial<PanelState>): void {
    const p = this.panel.value;
    if (p) this.panel.value = { ...p, ...change };
  }

  /** Save the panel: POST a new session, or PATCH the changed fields with If-Match. */
  async save(allowOverlap = false, status?: SessionStatus): Promise<void> {
    if (status) this.edit({ status });
    const p = this.panel.value;
    if (!p || p.busy) return;
    const problems = problemsOf(p.draft);
    if (problems.length) {
      this.patchPanel({ error: problems.map((k) => ct(`cs.${k}`)).join(' ') });
      return;
    }
    const target = p.conflict ?? p.base;
    this.patchPanel({ busy: true, error: '' });
    try {
      const saved = target
        ? await this.patch(target, patchOf(p.draft, draftOf(p.base!, this.zone.value), allowOverlap))
        : await api<SessionDto>(this.base, { method: 'POST', body: createBody(p.draft, allowOverlap) });
      const title = text(saved.title).text;
      if (target) {
        this.lastEdit.value = { before: target, after: saved };
        this.announcer.announce(ct('cs.saved', { title }));
      } else {
        this.returnFocus = `cs-session-${saved.id}`;
        this.announcer.announce(ct('cs.created', { title, room: saved.room.name, time: p.draft.start }));
      }
      this.close();
    } catch (e) {
      await this.failed(e);
    }
  }

  /** After a 412, reapply the edit (what differs from the copy first opened) over the other editor's. */
  reapply(): Promise<void> {
    return this.save(this.panel.value?.serverClash ?? false);
  }

  /** After a 412, drop the edit and continue from the other editor's copy. */
  discard(): void {
    const p = this.panel.value;
    if (p?.conflict) this.panel.value = { ...p, base: p.conflict, draft: draftOf(p.conflict, this.zone.value), ...fresh };
  }

  /** Undoes the last edit made here (the server's undo of the session's last change). */
  async undo(): Promise<void> {
    const last = this.lastEdit.value;
    if (!last) return;
    this.lastEdit.value = null;
    await this.undoLast(last.after);
  }

  /**
   * Asks the server to undo the session's last change, whoever made it: a new change like any
   * other, over the revision `s` holds. A 412 or a clash is shown in the panel, never raw.
   */
  async undoLast(s: SessionDto): Promise<void> {
    try {
      const undone = await api<SessionDto>(`${this.base}/${s.id}/undo`, { method: 'POST', headers: { 'if-match': `"${s.revision}"` } });
      if (this.panel.value) this.close();
      this.announcer.announce(ct('cs.undone', { title: text(undone.title).text }));
    } catch (e) {
      if (!this.panel.value) this.openEdit(s, `cs-session-${s.id}`);
      await this.failed(e);
    }
  }

  private patch(s: SessionDto, body: Record<string, unknown>): Promise<SessionDto> {
    return api<SessionDto>(`${this.base}/${s.id}`, { method: 'PATCH', body, headers: { 'if-match': `"${s.revision}"` } });
  }

  private async failed(e: unknown): Promise<void> {
    const p = this.panel.value;
    if (!p) return;
    if (e instanceof ApiError && e.status === 412 && p.base) {
      this.patchPanel({ busy: false, conflict: await this.current(p.base.id, p.conflict ?? p.base) });
    } else if (e instanceof ApiError && e.status === 409) {
      this.patchPanel({ busy: false, serverClash: true, error: errorText(e) });
    } else if (e instanceof ApiError && e.details.length) {
      this.patchPanel({ busy: false, error: ct('cs.invalid', { problems: e.details.map((d) => `${d.field} ${d.message}`).join('; ') }) });
    } else this.patchPanel({ busy: false, error: errorText(e) });
  }

  /** The other editor's copy: the store's when the feed has brought it, else read now. */
  private async current(id: string, known: SessionDto): Promise<SessionDto> {
    const held = this.store.sessions.value.get(id);
    if (held && held.revision > known.revision) return held;
    try {
      return await api<SessionDto>(`${this.base}/${id}`);
    } catch {
      return held ?? known;
    }
  }

  // ---------- moving a session (keyboard and drag) ----------

  pickUp(s: SessionDto): void {
    const at = venueTime(s.startsAt, this.zone.value);
    this.moving.value = { id: s.id, roomId: s.room.id, minutes: at.minutes };
    this.announcer.announce(ct('cs.pickedUp', { title: text(s.title).text, room: s.room.name, time: hhmm(at.minutes) }), true);
  }

  /** One keyboard step: `rooms` to the next or previous room, `minutes` earlier or later. */
  step(rooms: number, steps: number): void {
    const m = this.moving.value;
    if (!m) return;
    const list = this.store.rooms.value;
    const i = Math.min(list.length - 1, Math.max(0, list.findIndex((r) => r.id === m.roomId) + rooms));
    const minutes = Math.min(24 * 60 - STEP_MIN, Math.max(0, m.minutes + steps * STEP_MIN));
    this.moving.value = { ...m, roomId: list[i]?.id ?? m.roomId, minutes };
    this.announcer.announce(ct('cs.movingTo', { room: this.roomName(this.moving.value.roomId), time: hhmm(minutes) }), true);
  }

  cancelMove(): void {
    if (!this.moving.value) return;
    this.moving.value = null;
    this.announcer.announce(ct('cs.moveCancelled'), true);
  }

  async drop(): Promise<void> {
    const m = this.moving.value;
    this.moving.value = null;
    const s = m && this.store.sessions.value.get(m.id);
    if (s) await this.moveTo(s, m.roomId, m.minutes);
  }

  /** Moves `s` (keeping its length) to `roomId` at `minutes` on the open day; a clash opens the panel instead. */
  async moveTo(s: SessionDto, roomId: string, minutes: number): Promise<void> {
    const zone = this.zone.value;
    const from = draftOf(s, zone);
    const length = minutesOf(from.end) - minutesOf(from.start);
    const to: Draft = { ...from, roomId, day: this.day.value, start: hhmm(minutes), end: hhmm(Math.min(minutes + length, 24 * 60 - 1)) };
    const returnFocus = `cs-session-${s.id}`;
    if (clashOf(to, this.store.sessions.value.values(), zone, s.id)) {
      this.openEdit(s, returnFocus, to);
      this.announcer.announce(ct('cs.moveClash'), true);
      return;
    }
    try {
      const saved = await this.patch(s, patchOf(to, from, false));
      this.lastEdit.value = { before: s, after: saved };
      this.announcer.announce(ct('cs.dropped', { title: text(saved.title).text, room: saved.room.name, time: to.start }), true);
      window.setTimeout(() => document.getElementById(returnFocus)?.focus(), 0);
    } catch (e) {
      // A refused move is reviewed in the panel: the clash or the other editor's change, never a raw error.
      this.openEdit(s, returnFocus, to);
      await this.failed(e);
    }
  }
}

const fresh = { conflict: null, serverClash: false, error: '', busy: false };
