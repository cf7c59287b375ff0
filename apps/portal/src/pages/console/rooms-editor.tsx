/**
 * The meeting's rooms, editable: rename, set the capacity, add, delete (the API refuses to
 * delete a room that still holds sessions, and says so). The list follows the store, so a room
 * another editor adds appears here at once.
 */
import type { RoomDto } from '@cop/contracts/calendar';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';
import { DeleteButton, EditorSection, useEdits, type RunEdit } from './list-editor';

const capacityOf = (value: string): number | undefined => (value.trim() ? Number(value) : undefined);

export function RoomsEditor({ state }: { state: ConsoleState }) {
  const base = `/api/meetings/${encodeURIComponent(state.store.code)}/rooms`;
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('');
  const { problem, run } = useEdits(state);
  const add = async (e: Event) => {
    e.preventDefault();
    const ok = await run(
      () => api(base, { method: 'POST', body: { name: name.trim(), capacity: capacityOf(capacity) } }),
      ct('cs.roomSaved', { name }),
    );
    if (ok) {
      setName('');
      setCapacity('');
    }
  };
  return (
    <EditorSection id="cs-rooms-title" title={ct('cs.rooms')} help={ct('cs.roomsHelp')} problem={problem}>
      <ul class="cs-edit-list">
        {state.store.rooms.value.map((r) => (
          <RoomRow key={`${r.id}:${r.name}:${r.capacity ?? ''}`} room={r} base={base} run={run} />
        ))}
      </ul>
      <form class="cs-row cs-add" onSubmit={(e) => void add(e)}>
        <div class="field">
          <label for="cs-new-room">{ct('cs.roomName')}</label>
          <input id="cs-new-room" value={name} maxLength={120} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="cs-new-capacity">{ct('cs.capacity')}</label>
          <input
            id="cs-new-capacity"
            type="number"
            min={1}
            value={capacity}
            onInput={(e) => setCapacity((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="button" disabled={!name.trim()}>
          {ct('cs.addRoom')}
        </button>
      </form>
    </EditorSection>
  );
}

function RoomRow(props: { room: RoomDto; base: string; run: RunEdit }) {
  const { room: r, base, run } = props;
  const [name, setName] = useState(r.name);
  const [capacity, setCapacity] = useState(r.capacity === null ? '' : String(r.capacity));
  const save = (e: Event) => {
    e.preventDefault();
    void run(
      () => api(`${base}/${r.id}`, { method: 'PATCH', body: { name: name.trim(), capacity: capacityOf(capacity) } }),
      ct('cs.roomSaved', { name }),
    );
  };
  return (
    <li>
      <form class="cs-row" onSubmit={save}>
        <input
          aria-label={`${ct('cs.roomName')}: ${r.name}`}
          value={name}
          maxLength={120}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
        <input
          aria-label={`${ct('cs.capacity')}: ${r.name}`}
          type="number"
          min={1}
          class="cs-capacity"
          value={capacity}
          onInput={(e) => setCapacity((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button" aria-label={ct('cs.saveNamed', { name: r.name })} disabled={!name.trim()}>
          {ct('cs.rename')}
        </button>
        <DeleteButton class="button" name={r.name} url={`${base}/${r.id}`} run={run} />
      </form>
    </li>
  );
}
