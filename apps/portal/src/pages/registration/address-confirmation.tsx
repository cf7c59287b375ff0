import { useSignal } from '@preact/signals';
import { api, errorText } from '../../api';
import type { Page, PageContext } from '../../router';
import { isAbort, renderMessage, setTitle } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { mount } from './shared';

/**
 * `/meetings/:code/self-registration#<token>`: the link from the confirmation mail. A button, not
 * an automatic request, so that a mail scanner opening the link confirms nothing.
 */
export async function addressConfirmationPage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('address.title');
  setTitle(title);
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  if (!token) {
    renderMessage(ctx.root, { title, text: rt('address.noToken'), tone: 'error' });
    return {};
  }
  return mount(
    ctx,
    <div class="wrap page page-narrow">
      <h1 class="page-title">{title}</h1>
      <p class="page-intro">{rt('address.intro')}</p>
      <Confirm ctx={ctx} token={token} />
    </div>,
  );
}

function Confirm({ ctx, token }: { ctx: PageContext; token: string }) {
  const error = useSignal('');
  const done = useSignal(false);
  const busy = useSignal(false);
  const onClick = async () => {
    error.value = '';
    busy.value = true;
    try {
      await api(`/api/meetings/${encodeURIComponent(ctx.params.code)}/self-registrations/address-confirmation`, {
        method: 'POST',
        body: { token },
        anonymous: true,
        signal: ctx.signal,
      });
      // The token (with the request in it) leaves the address bar once it has been used.
      history.replaceState(null, '', window.location.pathname);
      done.value = true;
    } catch (err) {
      if (isAbort(err)) return;
      busy.value = false;
      error.value = errorText(err);
    }
  };
  if (done.value)
    return (
      <p class="form-success" role="status" id="address-done">
        {rt('address.done')}
      </p>
    );
  return (
    <>
      <div class="form-error" id="address-error" role="alert">
        {error}
      </div>
      <button type="button" id="address-confirm" class="button button-primary" disabled={busy.value} onClick={() => void onClick()}>
        {rt('address.submit')}
      </button>
    </>
  );
}
