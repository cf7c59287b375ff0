import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { ApiError, api, errorText } from '../../api';
import * as auth from '../../auth';
import type { Page, PageContext } from '../../router';
import { isAbort, renderMessage, setTitle } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { mount, type RegistrationHooks } from './shared';

/** `/invitation#<token>`: the invited person sets a password and is signed in. */
export async function invitationPage(ctx: PageContext, hooks: RegistrationHooks): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('invite.title');
  setTitle(title);
  const inviteToken = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (!inviteToken) {
    renderMessage(ctx.root, { title, text: rt('invite.noToken'), tone: 'error' });
    return {};
  }
  const page = mount(
    ctx,
    <div class="wrap page page-narrow">
      <h1 class="page-title">{title}</h1>
      <p class="page-intro">{rt('invite.intro')}</p>
      <InvitationForm ctx={ctx} inviteToken={inviteToken} hooks={hooks} />
    </div>,
  );
  ctx.root.querySelector<HTMLInputElement>('#invite-password')?.focus();
  return page;
}

function InvitationForm({ ctx, inviteToken, hooks }: { ctx: PageContext; inviteToken: string; hooks: RegistrationHooks }) {
  const pw = useRef<HTMLInputElement>(null);
  const pw2 = useRef<HTMLInputElement>(null);
  const error = useSignal('');
  const busy = useSignal(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    error.value = '';
    const password = pw.current!.value;
    if (password.length < 12) {
      error.value = rt('invite.tooShort');
      pw.current!.focus();
      return;
    }
    if (password !== pw2.current!.value) {
      error.value = rt('invite.mismatch');
      pw2.current!.focus();
      return;
    }
    busy.value = true;
    try {
      const body = await api<{ token: string; user: { email: string; role: string; displayName: string } }>('/api/invitations/accept', {
        method: 'POST',
        body: { token: inviteToken, password },
        anonymous: true,
        signal: ctx.signal,
      });
      // Forget the token in the address before anything else renders.
      history.replaceState(null, '', '/invitation');
      auth.signIn(body.token, body.user);
      hooks.navigate('/');
      hooks.notice(rt('invite.done'));
    } catch (err) {
      if (isAbort(err)) return;
      busy.value = false;
      error.value = err instanceof ApiError && err.details.length ? err.details.map((d) => d.message).join(' ') : errorText(err);
    }
  };
  return (
    <form class="login-form" novalidate onSubmit={(e) => void onSubmit(e)}>
      <div class="field">
        <label for="invite-password">{rt('invite.password')}</label>
        <input ref={pw} id="invite-password" type="password" autocomplete="new-password" required minlength={12} />
      </div>
      <div class="field">
        <label for="invite-confirm">{rt('invite.confirm')}</label>
        <input ref={pw2} id="invite-confirm" type="password" autocomplete="new-password" required minlength={12} />
      </div>
      <div class="form-error" id="invite-error" role="alert">
        {error}
      </div>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {rt('invite.submit')}
      </button>
    </form>
  );
}
