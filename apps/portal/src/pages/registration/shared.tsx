import type { MeetingDto } from '@cop/contracts/calendar';
import type { RegistrationDto, RegistrationStatus } from '@cop/contracts/registration';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { emptyRoot } from '../../page-root';
import { render, type ComponentChildren, type VNode } from 'preact';
import * as auth from '../../auth';
import { t } from '../../i18n';
import type { Page, PageContext } from '../../router';
import { renderMessage, setTitle } from '../../ui';
import { h } from '../../dom';
import { rt } from '../registration-i18n';
import '../registration.css';

export interface RegistrationHooks {
  navigate(to: string): void;
  notice(text: string): void;
}

export const base = (code: string): string => `/api/meetings/${encodeURIComponent(code)}`;

export const nameOf = (r: Pick<RegistrationDto, 'title' | 'givenName' | 'familyName'>): string =>
  [r.title, r.givenName, r.familyName].filter(Boolean).join(' ');

/** Renders "sign in" or "not allowed" and answers false unless the signed-in role is one of `roles`. */
export function allowed(ctx: PageContext, title: string, roles: string[]): boolean {
  setTitle(title);
  if (!auth.token()) {
    renderMessage(ctx.root, {
      title,
      text: rt('reg.signInFirst'),
      actions: [h('a', { class: 'button', href: `/login?next=${encodeURIComponent(ctx.url.pathname + ctx.url.search)}` }, t('app.signIn'))],
    });
    return false;
  }
  if (!roles.includes(auth.user()?.role ?? '')) {
    renderMessage(ctx.root, { title, text: rt('reg.forbidden'), tone: 'error' });
    return false;
  }
  return true;
}

/** Renders a page's component into the router's root; leaving the page unmounts it (its effects clean up). */
export function mount(ctx: PageContext, view: VNode): Page {
  emptyRoot(ctx.root);
  render(view, ctx.root);
  return { dispose: () => render(null, ctx.root) };
}

/** The meeting's short title ("COP-6"), not its code in the address, once it has loaded. */
function MeetingName({ code }: { code: string }) {
  const name = useSignal('');
  useEffect(() => {
    const controller = new AbortController();
    api<MeetingDto>(base(code), { signal: controller.signal }).then(
      (m) => (name.value = m.shortTitle),
      () => undefined, // the page itself says when the meeting cannot be reached
    );
    return () => controller.abort();
  }, [code]);
  return <p class="reg-meeting">{name.value}</p>;
}

/** The frame of every registration page: the meeting's name, the heading, the page's content. */
export function Frame({ code, title, children }: { code: string; title: string; children?: ComponentChildren }) {
  return (
    <div class="wrap page reg-page">
      <MeetingName code={code} />
      <h1 class="page-title">{title}</h1>
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: RegistrationStatus }) {
  return (
    <span class={`reg-status reg-status-${status}`} data-status={status}>
      {rt(`reg.status.${status}`)}
    </span>
  );
}

/** A <select> of [value, label] pairs; `value` picks the option selected at first. */
export function Options({ options, value = '' }: { options: [string, string][]; value?: string }) {
  return (
    <>
      {options.map(([v, label]) => (
        <option value={v} selected={v === value}>
          {label}
        </option>
      ))}
    </>
  );
}
