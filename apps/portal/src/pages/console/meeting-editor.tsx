/**
 * The meeting itself, editable: titles in the six languages, short title, venue, dates and time
 * zone. Saved with If-Match; when another editor saved first (412) the form says what they
 * changed and offers to reapply this edit on top of theirs, never a raw error.
 */
import type { MeetingDto } from '@cop/contracts/calendar';
import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../../api';
import { ct, type ConsoleKey } from './console-i18n';
import type { ConsoleState } from './console-state';

type MeetingFields = Pick<MeetingDto, 'shortTitle' | 'venue' | 'timeZone' | 'startDate' | 'endDate'>;
type Form = MeetingFields & Record<`title.${(typeof UN_LANGUAGES)[number]}`, string>;
type FieldName = keyof Form;
type Meeting = MeetingFields & Pick<MeetingDto, 'title' | 'revision'>;

const PLAIN: [keyof MeetingFields, ConsoleKey, string][] = [
  ['shortTitle', 'cs.shortTitle', 'text'],
  ['venue', 'cs.venue', 'text'],
  ['timeZone', 'cs.timeZone', 'text'],
  ['startDate', 'cs.startDate', 'date'],
  ['endDate', 'cs.endDate', 'date'],
];

function formOf(m: Meeting): Form {
  const titles = Object.fromEntries(UN_LANGUAGES.map((l) => [`title.${l}`, m.title[l] ?? '']));
  return { shortTitle: m.shortTitle, venue: m.venue, timeZone: m.timeZone, startDate: m.startDate, endDate: m.endDate, ...titles } as Form;
}

const changed = (a: Form, b: Form) => (Object.keys(a) as FieldName[]).filter((k) => a[k].trim() !== b[k].trim());
const labelOf = (k: FieldName) =>
  k.startsWith('title.')
    ? ct('cs.titleIn', { language: LANGUAGE_INFO[k.slice(6) as (typeof UN_LANGUAGES)[number]].name })
    : ct(PLAIN.find(([f]) => f === k)![1]);

/** The PATCH body: only what the editor changed since `from`, titles sent whole. */
function bodyOf(form: Form, from: Form): Record<string, unknown> {
  const edits = changed(form, from);
  const body: Record<string, unknown> = {};
  for (const [f] of PLAIN) if (edits.includes(f)) body[f] = form[f].trim();
  if (edits.some((k) => k.startsWith('title.')))
    body.title = Object.fromEntries(UN_LANGUAGES.filter((l) => form[`title.${l}`].trim()).map((l) => [l, form[`title.${l}`].trim()]));
  return body;
}

export function MeetingEditor({ state }: { state: ConsoleState }) {
  const code = state.store.code;
  const [base, setBase] = useState<Meeting>(state.store.meeting.value);
  const [form, setForm] = useState<Form>(() => formOf(base));
  const [conflict, setConflict] = useState<Meeting | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const edits = bodyOf(form, formOf(base));

  const save = async (on: Meeting, body: Record<string, unknown>) => {
    setBusy(true);
    setProblem('');
    try {
      const saved = await api<MeetingDto>(`/api/meetings/${encodeURIComponent(code)}`, {
        method: 'PATCH',
        body,
        headers: { 'if-match': String(on.revision) },
      });
      setBase(saved);
      setForm(formOf(saved));
      setConflict(null);
      state.announcer.announce(ct('cs.meetingSaved'));
    } catch (e) {
      const current = e instanceof ApiError && e.status === 412 ? (e.body as { current?: Meeting } | null)?.current : undefined;
      if (current) setConflict(current);
      else setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const reapply = () => {
    const mine = bodyOf(form, formOf(base));
    setBase(conflict!);
    void save(conflict!, mine);
  };
  const discard = () => {
    setBase(conflict!);
    setForm(formOf(conflict!));
    setConflict(null);
  };
  const field = (k: FieldName, type: string, label: string, extra: Record<string, unknown> = {}) => (
    <div class="field" key={k}>
      <label for={`cs-meeting-${k.replace('.', '-')}`}>{label}</label>
      <input
        id={`cs-meeting-${k.replace('.', '-')}`}
        type={type}
        value={form[k]}
        onInput={(e) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value })}
        {...extra}
      />
    </div>
  );

  return (
    <section class="cs-editor cs-meeting" aria-labelledby="cs-meeting-heading">
      <h2 id="cs-meeting-heading">{ct('cs.meeting')}</h2>
      <p class="cs-note">{ct('cs.meetingHelp')}</p>
      <form
        class="cs-item-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(base, edits);
        }}
      >
        {UN_LANGUAGES.map((l) =>
          field(`title.${l}`, 'text', ct('cs.titleIn', { language: LANGUAGE_INFO[l].name }), {
            lang: l,
            dir: LANGUAGE_INFO[l].direction,
            required: l === 'en',
          }),
        )}
        {PLAIN.map(([k, label, type]) => field(k, type, ct(label), { required: true, dir: k === 'timeZone' ? 'ltr' : undefined }))}
        <p class="cs-actions">
          <button type="submit" class="button" disabled={busy || !!conflict || Object.keys(edits).length === 0}>
            {busy ? ct('cs.saving') : ct('cs.saveMeeting')}
          </button>
        </p>
      </form>
      {conflict ? (
        <div class="cs-conflict" role="alert">
          <p>{ct('cs.meetingConflict')}</p>
          <ul>
            {changed(formOf(conflict), formOf(base)).map((k) => (
              <li key={k}>
                {labelOf(k)}: {formOf(base)[k] || '—'} → {formOf(conflict)[k] || '—'}
              </li>
            ))}
          </ul>
          <p class="cs-actions">
            <button type="button" class="button" onClick={reapply}>
              {ct('cs.reapply')}
            </button>
            <button type="button" class="button" onClick={discard}>
              {ct('cs.discard')}
            </button>
          </p>
        </div>
      ) : null}
      <div role="alert" class="cs-error">
        {problem ? <p>{problem}</p> : null}
      </div>
    </section>
  );
}
