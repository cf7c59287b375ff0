import type { RegistrationDto } from '@cop/contracts/registration';
import { useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { api, errorText } from '../../api';
import { isAbort } from '../../ui';
import { rt } from '../registration-i18n';
import { base, nameOf } from './shared';

/**
 * The focal point answers the secretariat's question on a registration put on hold: a note, a new
 * letter of nomination, or both. The answer sends the registration back to pending, for review.
 */
export function AnswerHold(props: { code: string; r: RegistrationDto; answered: (text: string) => Promise<void>; cancel: () => void }) {
  const { code, r } = props;
  const note = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const error = useSignal('');
  const busy = useSignal(false);
  const prefix = `answer-${r.id}`;
  useLayoutEffect(() => note.current?.focus(), []);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const reason = note.current!.value.trim();
    const pdf = file.current!.files?.[0];
    if (!reason && !pdf) {
      error.value = rt('nominate.answerNeeded');
      note.current!.focus();
      return;
    }
    busy.value = true;
    error.value = '';
    try {
      let letterId: string | undefined;
      if (pdf) {
        const up = await api<{ id: string }>(`${base(code)}/nomination-letters`, {
          method: 'POST',
          raw: pdf,
          headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent(pdf.name) },
        });
        letterId = up.id;
      }
      const body: Record<string, string> = { to: 'pending' };
      if (reason) body.reason = reason;
      if (letterId) body.letterId = letterId;
      const next = await api<RegistrationDto>(`${base(code)}/registrations/${r.id}/transitions`, { method: 'POST', body });
      await props.answered(rt('nominate.answered', { name: nameOf(next) }));
    } catch (err) {
      if (!isAbort(err)) error.value = errorText(err);
    } finally {
      busy.value = false;
    }
  };
  return (
    <form class="reg-answer" onSubmit={(e) => void onSubmit(e)} onKeyDown={(e) => e.key === 'Escape' && props.cancel()} novalidate>
      <div class="field">
        <label for={`${prefix}-note`}>{rt('nominate.answerNote')}</label>
        <textarea ref={note} id={`${prefix}-note`} name="reason" rows={3} maxLength={2000} />
      </div>
      <div class="field">
        <label for={`${prefix}-letter`}>{rt('nominate.answerLetter')}</label>
        <input ref={file} id={`${prefix}-letter`} name="letter" type="file" accept="application/pdf,.pdf" />
      </div>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {rt('nominate.answerSend')}
      </button>
      <button type="button" class="button" onClick={props.cancel}>
        {rt('review.cancel')}
      </button>
      <p class="field-error" role="alert">
        {error}
      </p>
    </form>
  );
}
