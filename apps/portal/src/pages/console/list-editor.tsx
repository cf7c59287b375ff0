/**
 * What the console's list editors (rooms, agenda items) share: the section with its help and
 * its alert, the one way an edit is sent and announced, and the delete button of a row.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorText } from '../../api';
import { ct } from './console-i18n';
import type { ConsoleState } from './console-state';

/** Sends an edit; announces `said` when it is done, or shows why the API refused it. Resolves to whether it was done. */
export type RunEdit = (work: () => Promise<unknown>, said: string) => Promise<boolean>;

/** The editor's `run` and the problem it last met, shown in the section's alert. */
export function useEdits(state: ConsoleState): { problem: string; run: RunEdit } {
  const [problem, setProblem] = useState('');
  const run: RunEdit = async (work, said) => {
    setProblem('');
    try {
      await work();
      state.announcer.announce(said);
      return true;
    } catch (e) {
      setProblem(errorText(e));
      return false;
    }
  };
  return { problem, run };
}

/** An editor's section: its heading and help, the list and forms, then the alert that says what went wrong. */
export function EditorSection(props: { id: string; title: string; help: string; problem: string; children: ComponentChildren }) {
  return (
    <section class="cs-editor" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <p class="cs-note">{props.help}</p>
      {props.children}
      <div role="alert" class="cs-error">
        {props.problem ? <p>{props.problem}</p> : null}
      </div>
    </section>
  );
}

/** Deletes the row's `url` and announces it by `name`. */
export function DeleteButton(props: { class: string; name: string; url: string; run: RunEdit }) {
  const { name, url, run } = props;
  return (
    <button
      type="button"
      class={props.class}
      aria-label={ct('cs.deleteNamed', { name })}
      onClick={() => void run(() => api(url, { method: 'DELETE' }), ct('cs.deleted', { name }))}
    >
      {ct('cs.delete')}
    </button>
  );
}
