import { useSignal } from '@preact/signals';
import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { ApiError, api } from '../api';
import * as auth from '../auth';
import { t } from '../i18n';
import type { Page, PageContext } from '../router';
import { setTitle } from '../ui';
import { landingFor } from '../landing';
import { emptyRoot } from '../page-root';

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
  const asked = ctx.url.searchParams.get('next');
  const next = safeNext(asked);
  // Asked for nothing (or for the meeting list by default): the place the role works.
  const signedIn = () => {
    if (asked !== null && next !== '/') return done(next);
    void landingFor(auth.user()?.role ?? '', ctx.signal).then(done);
  };
  // The email last sent, shown again when the page is rendered in another language.
  const values = { email: '' };
  let generation = 0;
  const show = () => {
    setTitle(t('login.title'));
    render(
      <div class="wrap page page-narrow">
        <h1 class="page-title" id="login-title">
          {t('login.title')}
        </h1>
        <p class="page-intro">{t('login.intro')}</p>
        <LoginForm key={generation} ctx={ctx} values={values} onSignedIn={signedIn} />
      </div>,
      ctx.root,
    );
  };
  emptyRoot(ctx.root);
  show();
  return {
    dispose: () => render(null, ctx.root),
    refresh: () => {
      generation++;
      show();
    },
  };
}

function LoginForm({ ctx, values, onSignedIn }: { ctx: PageContext; values: { email: string }; onSignedIn: () => void }) {
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const error = useSignal('');
  const busy = useSignal(false);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    values.email = email.current!.value.trim();
    const secret = password.current!.value;
    if (!values.email || !secret) {
      error.value = t('login.missing');
      (values.email ? password : email).current!.focus();
      return;
    }
    busy.value = true;
    try {
      const answer = await api<LoginAnswer>('/api/auth/login', {
        method: 'POST',
        body: { email: values.email, password: secret },
        anonymous: true,
        signal: ctx.signal,
      });
      auth.signIn(
        answer.token,
        answer.user
          ? { email: answer.user.email, role: answer.user.role, displayName: answer.user.displayName }
          : { email: values.email, role: '' },
      );
      onSignedIn();
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      busy.value = false;
      error.value =
        err instanceof ApiError
          ? err.status === 429
            ? t('login.tooMany')
            : err.status === 401
              ? t('login.failed')
              : err.status === 400
                ? t('login.missing')
                : t('error.server', { status: err.status })
          : t('error.network');
      password.current!.value = '';
      password.current!.focus();
    }
  };

  return (
    <form class="login-form" novalidate aria-labelledby="login-title" onSubmit={(e) => void onSubmit(e)}>
      <div class="field">
        <label for="login-email">{t('login.email')}</label>
        <input
          ref={email}
          id="login-email"
          name="email"
          type="email"
          autocomplete="username"
          required
          spellcheck={false}
          value={values.email}
        />
      </div>
      <div class="field">
        <label for="login-password">{t('login.password')}</label>
        <input ref={password} id="login-password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <div class="form-error" id="login-error" role="alert">
        {error}
      </div>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {busy.value ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
