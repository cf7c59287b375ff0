/**
 * The meeting's agenda items, editable: number and title in each of the six languages; add,
 * edit, delete. Their order is their numbering (the API sorts 5, 5 (a), 5 (b) (ii) …), so an
 * item moves by being renumbered.
 */
import type { AgendaItemDto } from '@cop/contracts/calendar';
import { LANGUAGE_INFO, UN_LANGUAGES, type UnLanguage } from '@cop/contracts/languages';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { text } from '../../session-text';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';
import { DeleteButton, EditorSection, useEdits } from './list-editor';

type Titles = Record<UnLanguage, string>;
const titlesOf = (a?: AgendaItemDto): Titles => Object.fromEntries(UN_LANGUAGES.map((l) => [l, a?.title[l] ?? ''])) as Titles;
const bodyOf = (number: string, titles: Titles) => ({
  number: number.trim(),
  title: Object.fromEntries(UN_LANGUAGES.filter((l) => titles[l].trim()).map((l) => [l, titles[l].trim()])),
});
const byNumber = (a: AgendaItemDto, b: AgendaItemDto) => a.number.localeCompare(b.number, 'en', { numeric: true });

export function AgendaEditor({ state }: { state: ConsoleState }) {
  const base = `/api/meetings/${encodeURIComponent(state.store.code)}/agenda-items`;
  const items = [...state.store.meeting.value.agendaItems].sort(byNumber);
  const { problem, run } = useEdits(state);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <EditorSection id="cs-agenda-title" title={ct('cs.agenda')} help={ct('cs.agendaHelp')} problem={problem}>
      <ul class="cs-edit-list">
        {items.map((a) =>
          editing === a.id ? (
            <li key={a.id}>
              <ItemForm
                id={a.id}
                item={a}
                submitLabel={ct('cs.saveNamed', { name: a.number })}
                onSubmit={(n, tt) =>
                  run(() => api(`${base}/${a.id}`, { method: 'PATCH', body: bodyOf(n, tt) }), ct('cs.itemSaved', { number: n }))
                }
                onDone={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={a.id} class="cs-item">
              <span class="cs-item-number">{a.number}</span> <span lang={text(a.title).lang}>{text(a.title).text}</span>
              <button
                type="button"
                class="link-button"
                aria-label={ct('cs.editNamed', { number: a.number })}
                onClick={() => setEditing(a.id)}
              >
                {ct('cs.edit')}
              </button>
              <DeleteButton class="link-button" name={a.number} url={`${base}/${a.id}`} run={run} />
            </li>
          ),
        )}
      </ul>
      <h3>{ct('cs.addItem')}</h3>
      <ItemForm
        id="new"
        submitLabel={ct('cs.addItem')}
        onSubmit={(n, tt) => run(() => api(base, { method: 'POST', body: bodyOf(n, tt) }), ct('cs.itemSaved', { number: n }))}
      />
    </EditorSection>
  );
}

function ItemForm(props: {
  id: string;
  item?: AgendaItemDto;
  submitLabel: string;
  onSubmit: (number: string, titles: Titles) => Promise<boolean>;
  onDone?: () => void;
}) {
  const [number, setNumber] = useState(props.item?.number ?? '');
  const [titles, setTitles] = useState(titlesOf(props.item));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!(await props.onSubmit(number, titles))) return;
    if (props.onDone) props.onDone();
    else {
      setNumber('');
      setTitles(titlesOf());
    }
  };
  const id = (f: string) => `cs-item-${props.id}-${f}`;
  return (
    <form class="cs-item-form" onSubmit={(e) => void submit(e)}>
      <div class="field">
        <label for={id('number')}>{ct('cs.number')}</label>
        <input id={id('number')} value={number} required dir="ltr" onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
      </div>
      {UN_LANGUAGES.map((l) => (
        <div class="field" key={l}>
          <label for={id(l)}>{ct('cs.titleIn', { language: LANGUAGE_INFO[l].name })}</label>
          <input
            id={id(l)}
            lang={l}
            dir={LANGUAGE_INFO[l].direction}
            value={titles[l]}
            required={l === 'en'}
            onInput={(e) => setTitles({ ...titles, [l]: (e.target as HTMLInputElement).value })}
          />
        </div>
      ))}
      <p class="cs-actions">
        <button type="submit" class="button" disabled={!number.trim() || !titles.en.trim()}>
          {props.submitLabel}
        </button>
        {props.onDone ? (
          <button type="button" class="button" onClick={props.onDone}>
            {ct('cs.cancelEdit')}
          </button>
        ) : null}
      </p>
    </form>
  );
}
