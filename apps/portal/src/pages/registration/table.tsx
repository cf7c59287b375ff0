import type { RegistrationDto } from '@cop/contracts/registration';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { rt, type RegKey } from '../registration-i18n';
import { nameOf, StatusBadge } from './shared';

/** The name with the email under it, as every registration table shows a person. */
export function NameCell({ r }: { r: RegistrationDto }) {
  return (
    <td>
      <span class="reg-name">{nameOf(r)}</span>
      <br />
      <span class="reg-email">{r.email}</span>
    </td>
  );
}

export function StatusCell({ r }: { r: RegistrationDto }) {
  return (
    <td>
      <StatusBadge status={r.status} />
      {r.statusReason ? <p class="reg-reason">{r.statusReason}</p> : null}
    </td>
  );
}

export function HeaderCells({ keys }: { keys: RegKey[] }) {
  return (
    <>
      {keys.map((k) => (
        <th scope="col">{rt(k)}</th>
      ))}
    </>
  );
}

/** A load failure in place of a table. */
export function LoadFailure({ text, alert = true }: { text: string; alert?: boolean }) {
  return (
    <p class="form-error" role={alert ? 'alert' : undefined}>
      {text}
    </p>
  );
}

/**
 * Asks for a reason in the row's action cell itself (no modal dialog to trap focus): the person
 * sees the reason. Escape or Cancel calls `cancel`.
 */
export function ReasonForm(props: { id: string; submitLabel: string; submit: (reason: string) => void; cancel: () => void }) {
  const inputId = `reason-${props.id}`;
  const input = useRef<HTMLInputElement>(null);
  const error = useSignal('');
  // Focus before the next key is typed: the key that opened the form must not land in it.
  useLayoutEffect(() => input.current?.focus(), []);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const reason = input.current!.value.trim();
    if (!reason) {
      error.value = rt('review.reasonRequired');
      input.current!.focus();
      return;
    }
    props.submit(reason);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') props.cancel();
  };
  return (
    <form class="reason-form" onSubmit={onSubmit} onKeyDown={onKeyDown}>
      <label for={inputId}>{rt('review.reasonPrompt')}</label>
      <input ref={input} id={inputId} type="text" class="reason-input" required autocomplete="off" />
      <button type="submit" class="button button-primary">
        {props.submitLabel}
      </button>
      <button type="button" class="button" onClick={props.cancel}>
        {rt('review.cancel')}
      </button>
      <span class="field-error" role="alert">
        {error}
      </span>
    </form>
  );
}
