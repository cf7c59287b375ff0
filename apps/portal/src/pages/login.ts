import { ApiError, api } from '../api';
import * as auth from '../auth';
import { h, replaceChildren } from '../dom';
import { t } from '../i18n';
import type { Page, PageContext } from '../router';
import { setTitle } from '../ui';

interface LoginAnswer {
  token: string;
  user?: { email: string; role: string; displayName?: string | null };
}

/** Only same-site paths are followed after signing in. */
export function safeNext(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') && !raw.startsWith('/login') ? raw : '/';
}

/** `/login`: email + password → POST /api/auth/login → token kept in localStorage. */
export function loginPage(ctx: PageContext, done: (next: string) => void): Page {
  const next = safeNext(ctx.url.searchParams.get('next'));
  let busy = false;
  const values = { email: '', password: '' };

  const render = (errorText = '') => {
    setTitle(t('login.title'));
    const error = h('div', { class: 'form-error', id: 'login-error', role: 'alert' }, errorText);
    const email = h('input', {
      id: 'login-email',
      name: 'email',
      type: 'email',
      autocomplete: 'username',
      required: true,
      spellcheck: 'false',
      value: values.email,
      'aria-describedby': errorText ? 'login-error' : null,
    });
    const password = h('input', {
      id: 'login-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
      'aria-describedby': errorText ? 'login-error' : null,
    });
    const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('login.submit'));
    const form = h(
      'form',
      { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
      h('div', { class: 'field' }, h('label', { for: 'login-email' }, t('login.email')), email),
      h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password),
      error,
      submit,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (busy) return;
      values.email = email.value.trim();
      values.password = password.value;
      if (!values.email || !values.password) {
        error.textContent = t('login.missing');
        (values.email ? password : email).focus();
        return;
      }
      busy = true;
      submit.disabled = true;
      submit.textContent = t('login.submitting');
      try {
        const answer = await api<LoginAnswer>('/api/auth/login', {
          method: 'POST',
          body: { email: values.email, password: values.password },
          anonymous: true,
          signal: ctx.signal,
        });
        auth.signIn(
          answer.token,
          answer.user
            ? { email: answer.user.email, role: answer.user.role, displayName: answer.user.displayName }
            : { email: values.email, role: '' },
        );
        done(next);
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        busy = false;
        submit.disabled = false;
        submit.textContent = t('login.submit');
        error.textContent =
          err instanceof ApiError
            ? err.status === 429
              ? t('login.tooMany')
              : err.status === 401
                ? t('login.failed')
                : err.status === 400
                  ? t('login.missing')
                  : t('error.server', { status: err.status })
            : t('error.network');
        password.value = '';
        password.focus();
      }
    });
    replaceChildren(
      ctx.root,
      h(
        'div',
        { class: 'wrap page page-narrow' },
        h('h1', { class: 'page-title', id: 'login-title' }, t('login.title')),
        h('p', { class: 'page-intro' }, t('login.intro')),
        form,
      ),
    );
  };
  render();
  return { refresh: () => render() };
}
