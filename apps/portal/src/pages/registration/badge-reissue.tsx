import type { BadgeReissueDto, RegistrationDetailDto } from '@cop/contracts/registration';
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { api, errorText } from '../../api';
import { rt } from '../registration-i18n';
import { base, nameOf } from './shared';

/**
 * A lost or stolen badge, replaced by the secretariat: every badge printed before is refused at
 * the desk as revoked, and the participant prints the new one from their registration page.
 */
export function BadgeReissueForm({ code, r, done }: { code: string; r: RegistrationDetailDto; done: () => Promise<void> }) {
  const reason = useRef<HTMLInputElement>(null);
  const message = useSignal('');
  const failed = useSignal(false);
  const busy = useSignal(false);
  const id = `reissue-${r.id}`;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const why = reason.current!.value.trim();
    failed.value = !why;
    if (!why) {
      message.value = rt('details.badgeReasonMissing');
      reason.current!.focus();
      return;
    }
    busy.value = true;
    try {
      await api<BadgeReissueDto>(`${base(code)}/registrations/${r.id}/badge-reissues`, { method: 'POST', body: { reason: why } });
      reason.current!.value = '';
      message.value = rt('details.badgeReplaced', { name: nameOf(r) });
      await done();
    } catch (err) {
      failed.value = true;
      message.value = errorText(err);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="reg-badge-reissue" onSubmit={(e) => void onSubmit(e)} novalidate>
      <h3>{rt('details.badgeTitle')}</h3>
      <p class="field-hint">{rt('details.badgeHint')}</p>
      <div class="field">
        <label for={id}>{rt('details.badgeReason')}</label>
        <input ref={reason} id={id} name="reason" maxLength={500} aria-invalid={failed.value ? 'true' : undefined} />
      </div>
      <button type="submit" class="button" data-action="reissue-badge" disabled={busy.value}>
        {rt('details.badgeReplace')}
      </button>
      <p class={failed.value ? 'field-error' : 'form-note'} role="status">
        {message}
      </p>
    </form>
  );
}
