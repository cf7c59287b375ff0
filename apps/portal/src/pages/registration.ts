/**
 * Registration pages, loaded on demand (their own chunk): nominate (focal point), my registration
 * (participant), the secretariat's review queue, check-in (secretariat, security) and the
 * invitation page. Contracts are imported as types only: zod never reaches the portal.
 */
import type { MeetingDto } from '@cop/contracts/calendar';
import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import type {
  BadgeDto,
  CheckInRejection,
  CheckInResult,
  DelegationFunction,
  ParticipantCategory,
  RegistrationDto,
  RegistrationStatus,
} from '@cop/contracts/registration';
import * as auth from '../auth';
import { h, replaceChildren, type Child } from '../dom';
import { locale, t } from '../i18n';
import type { Page, PageContext } from '../router';
import { renderLoading, renderMessage, setTitle } from '../ui';
import { loadRegistrationStrings, rt, type RegKey } from './registration-i18n';
import './registration.css';

// Values copied from @cop/contracts/registration (which imports zod, so it is imported as types only).
const STATUSES: RegistrationStatus[] = ['unconfirmed', 'pending', 'on-hold', 'approved', 'rejected', 'cancelled'];
const CATEGORIES: ParticipantCategory[] = ['party', 'observer-igo', 'observer-ngo', 'media', 'secretariat', 'un-agency'];
const FUNCTIONS: DelegationFunction[] = ['head-of-delegation', 'alternate', 'adviser', 'representative', 'journalist', 'staff'];
const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
const TITLES = ['Mr.', 'Ms.', 'Mx.', 'Dr.', 'Prof.', 'H.E.', 'Hon.'];

export interface RegistrationHooks {
  navigate(to: string): void;
  notice(text: string): void;
}

interface Answer<T> {
  status: number;
  body: T;
}

/** An API answer other than 2xx; `details` are the API's per-field problems (400). */
class Failure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: { message?: string; details?: { field: string; message: string }[]; reason?: string } | null,
  ) {
    super(message);
  }
}

/** fetch with the bearer token; JSON (or a raw body) in, JSON out; throws Failure on non-2xx. */
async function send<T>(
  path: string,
  init: { method?: string; json?: unknown; raw?: Blob; headers?: Record<string, string>; signal?: AbortSignal; anonymous?: boolean } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  const bearer = init.anonymous ? null : auth.token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.raw) body = init.raw;
  const res = await fetch(path, { method: init.method ?? 'GET', headers, body, signal: init.signal, credentials: 'same-origin' });
  if (res.status === 401 && bearer) auth.signOut();
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { message: text };
  }
  if (!res.ok) {
    const b = parsed as Failure['body'];
    throw new Failure(res.status, typeof b?.message === 'string' ? b.message : t('error.server', { status: res.status }), b);
  }
  return { status: res.status, body: parsed as T };
}

const isAbort = (e: unknown) => (e as Error)?.name === 'AbortError';
/** The API's message (it names the field), or the network failure in the interface language. */
const errorText = (e: unknown) => (e instanceof Failure ? e.message : e instanceof TypeError ? t('error.network') : (e as Error).message);
const base = (code: string) => `/api/meetings/${encodeURIComponent(code)}`;
const nameOf = (r: Pick<RegistrationDto, 'title' | 'givenName' | 'familyName'>) =>
  [r.title, r.givenName, r.familyName].filter(Boolean).join(' ');
const statusBadge = (s: RegistrationStatus) => h('span', { class: `reg-status reg-status-${s}`, 'data-status': s }, rt(`reg.status.${s}`));

/** Renders "sign in" or "not allowed" and answers false unless the signed-in role is one of `roles`. */
function allowed(ctx: PageContext, title: string, roles: string[]): boolean {
  setTitle(title, ctx.params.code ?? '');
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

function frame(ctx: PageContext, title: string, ...children: Child[]): void {
  replaceChildren(
    ctx.root,
    h(
      'div',
      { class: 'wrap page reg-page' },
      h('p', { class: 'reg-meeting' }, ctx.params.code ?? ''),
      h('h1', { class: 'page-title' }, title),
      ...children,
    ),
  );
}

function select(id: string, options: [string, string][], value = '', attrs: Record<string, string | boolean> = {}): HTMLSelectElement {
  return h(
    'select',
    { id, name: id.replace(/^\w+-/, ''), ...attrs },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

// ------------------------------------------------------------------ nominate

interface Field {
  name: string;
  label: RegKey;
  control: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
}

/** `/meetings/:code/nominate`: the focal point's nomination form and its Party's registrations. */
export async function nominatePage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('nominate.title');
  if (!allowed(ctx, title, ['focal-point'])) return {};
  const code = ctx.params.code;
  let letter: { id: string; name: string } | null = null;
  let busy = false;

  const fields: Field[] = [];
  const field = (name: string, label: RegKey, control: HTMLInputElement | HTMLSelectElement, help?: string): HTMLElement => {
    const error = h('p', { class: 'field-error', id: `nom-${name}-error` });
    control.id = `nom-${name}`;
    control.setAttribute('name', name);
    const helpEl = help ? h('p', { class: 'field-help', id: `nom-${name}-help` }, help) : null;
    control.setAttribute('aria-describedby', [help ? `nom-${name}-help` : '', `nom-${name}-error`].filter(Boolean).join(' '));
    fields.push({ name, label, control, error });
    return h('div', { class: 'field', 'data-field': name }, h('label', { for: `nom-${name}` }, rt(label)), helpEl, control, error);
  };
  const input = (type: string, attrs: Record<string, string | boolean> = {}) => h('input', { type, ...attrs });

  const letterInput = input('file', { accept: 'application/pdf,.pdf' });
  const letterState = h('p', { class: 'letter-state', role: 'status' });
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const result = h('p', { class: 'form-success', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, rt('nominate.submit'));
  const list = h('section', { class: 'reg-list', 'aria-labelledby': 'nom-list-title' });

  const form = h(
    'form',
    { class: 'reg-form', novalidate: true, 'aria-labelledby': 'nom-form-title' },
    h('h2', { id: 'nom-form-title', class: 'visually-hidden' }, title),
    field('letter', 'nominate.letter', letterInput, rt('nominate.letterHelp')),
    letterState,
    h(
      'div',
      { class: 'field-row' },
      field('title', 'nominate.titleField', select('x-title', [['', rt('nominate.none')], ...TITLES.map((v): [string, string] => [v, v])])),
      field('givenName', 'nominate.givenName', input('text', { autocomplete: 'off', required: true, spellcheck: 'false' })),
      field('familyName', 'nominate.familyName', input('text', { autocomplete: 'off', required: true, spellcheck: 'false' })),
    ),
    h(
      'div',
      { class: 'field-row' },
      field('email', 'nominate.email', input('email', { autocomplete: 'off', required: true, spellcheck: 'false' })),
      field('phone', 'nominate.phone', input('tel', { autocomplete: 'off' })),
    ),
    h(
      'div',
      { class: 'field-row' },
      field('jobTitle', 'nominate.jobTitle', input('text', { autocomplete: 'off' })),
      field(
        'function',
        'nominate.function',
        select(
          'x-function',
          FUNCTIONS.map((f): [string, string] => [f, rt(`reg.fn.${f}`)]),
          'adviser',
        ),
      ),
    ),
    h(
      'div',
      { class: 'field-row' },
      field(
        'gender',
        'nominate.gender',
        select('x-gender', [['', rt('nominate.none')], ...GENDERS.map((g): [string, string] => [g, rt(`reg.gender.${g}`)])]),
      ),
      field('nationality', 'nominate.nationality', input('text', { maxlength: '2', size: '3', autocomplete: 'off', required: true })),
      field(
        'preferredLanguage',
        'nominate.language',
        select(
          'x-lang',
          UN_LANGUAGES.map((l): [string, string] => [l, LANGUAGE_INFO[l].name]),
          'en',
        ),
      ),
    ),
    formError,
    submit,
    result,
  );

  const showLetter = () => {
    letterState.textContent = letter ? rt('nominate.letterUploaded', { name: letter.name }) : '';
  };
  letterInput.addEventListener('change', () => {
    letter = null; // a new file: upload it with the next nomination
    showLetter();
  });

  const clearErrors = () => {
    formError.textContent = '';
    for (const f of fields) {
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
    }
  };
  const showErrors = (details: { field: string; message: string }[]) => {
    let first: Field | null = null;
    const unplaced: string[] = [];
    for (const d of details) {
      const f = fields.find((x) => x.name === d.field || (d.field === 'letterId' && x.name === 'letter'));
      if (!f) {
        unplaced.push(`${d.field}: ${d.message}`);
        continue;
      }
      f.error.textContent = `${rt(f.label)}: ${d.message}`;
      f.control.setAttribute('aria-invalid', 'true');
      first ??= f;
    }
    formError.textContent = [rt('nominate.fixErrors'), ...unplaced].join(' ');
    first?.control.focus();
  };

  const loadList = async () => {
    try {
      const { body } = await send<{ total: number; items: RegistrationDto[] }>(`${base(code)}/registrations?limit=1000`, {
        signal: ctx.signal,
      });
      replaceChildren(
        list,
        h('h2', { id: 'nom-list-title' }, rt('nominate.list')),
        body.items.length
          ? h(
              'table',
              { class: 'reg-table' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col' }, rt('nominate.name')),
                  h('th', { scope: 'col' }, rt('nominate.function')),
                  h('th', { scope: 'col' }, rt('nominate.status')),
                ),
              ),
              h(
                'tbody',
                null,
                body.items.map((r) =>
                  h(
                    'tr',
                    { 'data-registration-id': r.id, 'data-email': r.email },
                    h('td', null, h('span', { class: 'reg-name' }, nameOf(r)), h('br'), h('span', { class: 'reg-email' }, r.email)),
                    h('td', null, rt(`reg.fn.${r.function}`)),
                    h('td', null, statusBadge(r.status), r.statusReason ? h('p', { class: 'reg-reason' }, r.statusReason) : null),
                  ),
                ),
              ),
            )
          : h('p', null, rt('nominate.listEmpty')),
      );
    } catch (e) {
      if (!isAbort(e)) replaceChildren(list, h('p', { class: 'form-error' }, errorText(e)));
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors();
    result.textContent = '';
    const file = letterInput.files?.[0];
    if (!letter && !file) {
      showErrors([{ field: 'letter', message: rt('nominate.letterMissing') }]);
      return;
    }
    busy = true;
    submit.disabled = true;
    submit.textContent = rt('nominate.submitting');
    try {
      if (!letter && file) {
        try {
          const up = await send<{ id: string }>(`${base(code)}/nomination-letters`, {
            method: 'POST',
            raw: file,
            headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent(file.name) },
            signal: ctx.signal,
          });
          letter = { id: up.body.id, name: file.name };
          showLetter();
        } catch (err) {
          if (isAbort(err)) return;
          showErrors([{ field: 'letter', message: errorText(err) }]);
          return;
        }
      }
      const value = (name: string) => fields.find((f) => f.name === name)!.control.value.trim();
      const body: Record<string, string> = { letterId: letter!.id };
      for (const name of [
        'title',
        'givenName',
        'familyName',
        'email',
        'phone',
        'jobTitle',
        'function',
        'gender',
        'nationality',
        'preferredLanguage',
      ])
        if (value(name)) body[name] = value(name);
      const out = await send<RegistrationDto>(`${base(code)}/nominations`, { method: 'POST', json: body, signal: ctx.signal });
      const name = nameOf(out.body);
      result.textContent = out.status === 201 ? rt('nominate.created', { name }) : rt('nominate.duplicate', { name });
      for (const f of fields) if (f.control instanceof HTMLInputElement && f.control.type !== 'file') f.control.value = '';
      fields.find((f) => f.name === 'givenName')!.control.focus();
      await loadList();
    } catch (err) {
      if (isAbort(err)) return;
      if (err instanceof Failure && err.body?.details?.length) showErrors(err.body.details);
      else formError.textContent = errorText(err);
    } finally {
      busy = false;
      submit.disabled = false;
      submit.textContent = rt('nominate.submit');
    }
  });

  frame(ctx, title, h('p', { class: 'page-intro' }, rt('nominate.intro')), form, list);
  await loadList();
  return {};
}

// ------------------------------------------------------------------ my registration

/** `/meetings/:code/me`: status, reason, and the badge with its QR code (printable). */
export async function myRegistrationPage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('me.title');
  if (!allowed(ctx, title, ['delegate', 'observer', 'focal-point', 'secretariat', 'security'])) return {};
  const code = ctx.params.code;
  let pngUrl = '';
  renderLoading(ctx.root);
  try {
    const { body: mine } = await send<RegistrationDto[]>('/api/me/registrations', { signal: ctx.signal });
    const r = mine.find((x) => x.meeting === code);
    if (!r) {
      frame(ctx, title, h('p', { class: 'reg-none' }, rt('me.none')));
      return {};
    }
    const summary = h(
      'section',
      { class: 'reg-summary', 'data-status': r.status },
      h('p', { class: 'reg-name' }, nameOf(r)),
      h('p', null, rt('me.status', { status: '' }), statusBadge(r.status)),
      r.statusReason ? h('p', { class: 'reg-reason' }, rt('me.reason', { reason: r.statusReason })) : null,
    );
    let badgeSection: HTMLElement | null = null;
    if (r.status === 'approved') {
      const q = `?meeting=${encodeURIComponent(code)}`;
      const [badge, png] = await Promise.all([
        send<BadgeDto>(`/api/me/badge${q}`, { signal: ctx.signal }).then((a) => a.body),
        fetch(`/api/me/badge.png${q}`, { headers: { authorization: `Bearer ${auth.token()}` }, signal: ctx.signal }).then((res) =>
          res.ok ? res.blob() : null,
        ),
      ]);
      // A data: URL, not a blob: one: the API's Content-Security-Policy allows img-src 'self' data: only.
      if (png) pngUrl = await dataUrl(png);
      const validUntil = new Intl.DateTimeFormat(locale(), { dateStyle: 'long' }).format(new Date(badge.validUntil));
      badgeSection = h(
        'section',
        { class: 'badge-section', 'aria-labelledby': 'badge-title' },
        h('h2', { id: 'badge-title' }, rt('me.badge')),
        h('p', { class: 'field-help' }, rt('me.badgeHelp')),
        h(
          'article',
          { class: 'badge-card', 'data-token': badge.token },
          h('p', { class: 'badge-meeting' }, badge.meeting.shortTitle),
          h('p', { class: 'badge-meeting-title' }, badge.meeting.title),
          h('img', {
            class: 'badge-qr',
            src: pngUrl || badge.qr,
            alt: rt('me.badgeAlt', { name: badge.name }),
            width: 220,
            height: 220,
          }),
          h('p', { class: 'badge-name' }, badge.name),
          h('p', { class: 'badge-affiliation' }, badge.partyOrOrganization),
          h(
            'p',
            { class: `badge-category badge-category-${badge.category}` },
            `${rt(`reg.cat.${badge.category}`)} · ${rt(`reg.fn.${badge.function}`)}`,
          ),
          h('p', { class: 'badge-venue' }, `${badge.meeting.venue} · ${rt('me.validUntil', { date: validUntil })}`),
        ),
        h('button', { type: 'button', class: 'button', onclick: () => window.print() }, rt('me.print')),
      );
    }
    frame(ctx, title, summary, badgeSection);
  } catch (e) {
    if (isAbort(e)) throw e;
    frame(ctx, title, h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
  }
  return {};
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(rt('me.badgeImageFailed')));
    reader.readAsDataURL(blob);
  });
}

// ------------------------------------------------------------------ review queue

/** `/console/:code/registrations`: filter, approve / reject / hold with reason, bulk approve, CSV. */
export async function reviewPage(ctx: PageContext, hooks: RegistrationHooks): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('review.title');
  if (!allowed(ctx, title, ['secretariat'])) return {};
  const code = ctx.params.code;
  const params = ctx.url.searchParams;
  const filter = { status: params.get('status') ?? '', category: params.get('category') ?? '', party: params.get('party') ?? '' };
  const query = () => {
    const q = new URLSearchParams({ limit: '1000' });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  };
  const announce = h('p', { class: 'review-announce', role: 'status', 'aria-live': 'polite' });
  const table = h('div', { class: 'review-table-host' });
  const selected = new Set<string>();
  let items: RegistrationDto[] = [];
  const bulk = h('button', { type: 'button', class: 'button button-primary', disabled: true }, rt('review.bulkApprove', { n: 0 }));

  const statusSel = select(
    'f-status',
    [['', rt('review.all')], ...STATUSES.map((s): [string, string] => [s, rt(`reg.status.${s}`)])],
    filter.status,
  );
  const categorySel = select(
    'f-category',
    [['', rt('review.all')], ...CATEGORIES.map((c): [string, string] => [c, rt(`reg.cat.${c}`)])],
    filter.category,
  );
  const partyInput = h('input', { id: 'f-party', name: 'party', type: 'text', value: filter.party, size: 5, autocomplete: 'off' });
  const filters = h(
    'form',
    { class: 'review-filters', role: 'search', 'aria-label': rt('review.filters') },
    h('div', { class: 'field' }, h('label', { for: 'f-status' }, rt('review.status')), statusSel),
    h('div', { class: 'field' }, h('label', { for: 'f-category' }, rt('review.category')), categorySel),
    h('div', { class: 'field' }, h('label', { for: 'f-party' }, rt('review.party')), partyInput),
    h('button', { type: 'submit', class: 'button' }, rt('review.apply')),
  );
  const csv = h(
    'a',
    { class: 'button review-csv', href: `${base(code)}/registrations.csv`, 'data-external': '', download: `registrations-${code}.csv` },
    rt('review.csv'),
  );
  csv.addEventListener('click', async (e) => {
    // The export needs the bearer token, which a plain link cannot send.
    e.preventDefault();
    try {
      const res = await fetch(`${base(code)}/registrations.csv?${query()}`, { headers: { authorization: `Bearer ${auth.token()}` } });
      if (!res.ok) throw new Failure(res.status, t('error.server', { status: res.status }), null);
      const url = URL.createObjectURL(await res.blob());
      const a = h('a', { href: url, download: `registrations-${code}.csv`, 'data-external': '' });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      announce.textContent = errorText(err);
    }
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    filter.status = statusSel.value;
    filter.category = categorySel.value;
    filter.party = partyInput.value.trim().toUpperCase();
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
    hooks.navigate(`/console/${encodeURIComponent(code)}/registrations${q.size ? `?${q}` : ''}`);
  });

  const updateBulk = () => {
    bulk.disabled = selected.size === 0;
    bulk.textContent = rt('review.bulkApprove', { n: selected.size });
  };

  const transition = async (r: RegistrationDto, to: RegistrationStatus, reason?: string) => {
    try {
      const { body } = await send<RegistrationDto>(`${base(code)}/registrations/${r.id}/transitions`, {
        method: 'POST',
        json: reason ? { to, reason } : { to },
        signal: ctx.signal,
      });
      announce.textContent = rt('review.done', { name: nameOf(body), status: rt(`reg.status.${body.status}`) });
      await load(r.id);
    } catch (e) {
      if (!isAbort(e)) announce.textContent = `${nameOf(r)}: ${errorText(e)}`;
    }
  };

  /** Reject or hold: asks for the reason in the row itself. */
  const askReason = (row: HTMLElement, r: RegistrationDto, to: 'rejected' | 'on-hold') =>
    reasonForm(
      row,
      r.id,
      rt(to === 'rejected' ? 'review.confirmReject' : 'review.confirmHold'),
      (reason) => void transition(r, to, reason),
      () => void load(r.id),
    );

  const render = (focusId?: string) => {
    const rows = items.map((r) => {
      const check = h('input', {
        type: 'checkbox',
        class: 'review-check',
        'aria-label': rt('review.select', { name: nameOf(r) }),
        checked: selected.has(r.id),
        disabled: r.status === 'approved',
      });
      check.addEventListener('change', () => {
        if (check.checked) selected.add(r.id);
        else selected.delete(r.id);
        updateBulk();
      });
      const actionable = r.status === 'pending' || r.status === 'on-hold';
      const row: HTMLTableRowElement = h(
        'tr',
        { 'data-registration-id': r.id, 'data-status': r.status, tabindex: 0, class: 'review-row' },
        h('td', null, check),
        h('td', null, h('span', { class: 'reg-name' }, nameOf(r)), h('br'), h('span', { class: 'reg-email' }, r.email)),
        h('td', null, rt(`reg.cat.${r.category}`)),
        h('td', null, r.party ? `${r.party.name} (${r.party.code})` : (r.organization?.name ?? '')),
        h('td', null, rt(`reg.fn.${r.function}`)),
        h('td', null, r.nationality),
        h('td', null, statusBadge(r.status), r.statusReason ? h('p', { class: 'reg-reason' }, r.statusReason) : null),
        h(
          'td',
          { class: 'review-actions' },
          actionable || r.status === 'rejected'
            ? h(
                'button',
                { type: 'button', class: 'button button-primary', 'data-action': 'approve', onclick: () => void transition(r, 'approved') },
                rt('review.approve'),
              )
            : null,
          actionable || r.status === 'approved'
            ? h(
                'button',
                { type: 'button', class: 'button', 'data-action': 'reject', onclick: () => askReason(row, r, 'rejected') },
                rt('review.reject'),
              )
            : null,
          r.status === 'pending'
            ? h(
                'button',
                { type: 'button', class: 'button', 'data-action': 'hold', onclick: () => askReason(row, r, 'on-hold') },
                rt('review.hold'),
              )
            : null,
        ),
      );
      row.addEventListener('keydown', (e) => {
        if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).tagName === 'INPUT') return;
        const key = e.key.toLowerCase();
        const move = (to: Element | null) => {
          if (to instanceof HTMLElement) {
            e.preventDefault();
            to.focus();
          }
        };
        if (key === 'j' || key === 'arrowdown') move(row.nextElementSibling);
        else if (key === 'k' || key === 'arrowup') move(row.previousElementSibling);
        else if (e.target !== row) return;
        else if (key === 'a' && actionable) {
          e.preventDefault();
          void transition(r, 'approved');
        } else if ((key === 'r' && (actionable || r.status === 'approved')) || (key === 'h' && r.status === 'pending')) {
          // Not typed into the reason field that takes the focus.
          e.preventDefault();
          askReason(row, r, key === 'r' ? 'rejected' : 'on-hold');
        }
      });
      return row;
    });
    const all = h('input', { type: 'checkbox', 'aria-label': rt('review.selectAll') });
    all.addEventListener('change', () => {
      for (const r of items) {
        if (r.status === 'approved') continue;
        if (all.checked) selected.add(r.id);
        else selected.delete(r.id);
      }
      render();
      updateBulk();
    });
    replaceChildren(
      table,
      h('p', { class: 'review-count' }, rt('review.count', { shown: items.length, total: items.length })),
      items.length
        ? h(
            'table',
            { class: 'reg-table review-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { scope: 'col' }, all),
                ...(
                  [
                    'nominate.name',
                    'review.category',
                    'review.partyOrOrg',
                    'nominate.function',
                    'review.nationality',
                    'nominate.status',
                    'review.actions',
                  ] as RegKey[]
                ).map((k) => h('th', { scope: 'col' }, rt(k))),
              ),
            ),
            h('tbody', null, rows),
          )
        : h('p', null, rt('review.empty')),
    );
    if (focusId) table.querySelector<HTMLElement>(`[data-registration-id="${focusId}"]`)?.focus();
  };

  const load = async (focusId?: string) => {
    try {
      const { body } = await send<{ total: number; items: RegistrationDto[] }>(`${base(code)}/registrations?${query()}`, {
        signal: ctx.signal,
      });
      items = body.items;
      for (const id of [...selected]) if (!items.some((r) => r.id === id && r.status !== 'approved')) selected.delete(id);
      updateBulk();
      render(focusId);
      table.querySelector('.review-count')!.textContent = rt('review.count', { shown: items.length, total: body.total });
    } catch (e) {
      if (!isAbort(e)) replaceChildren(table, h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  };

  bulk.addEventListener('click', async () => {
    if (!selected.size) return;
    bulk.disabled = true;
    try {
      const { body } = await send<{ results: { id: string; ok: boolean }[] }>(`${base(code)}/registrations/transitions`, {
        method: 'POST',
        json: { ids: [...selected], to: 'approved' },
        signal: ctx.signal,
      });
      const ok = body.results.filter((r) => r.ok).length;
      announce.textContent = rt('review.bulkDone', { ok, failed: body.results.length - ok });
      selected.clear();
      await load();
    } catch (e) {
      if (!isAbort(e)) announce.textContent = errorText(e);
      updateBulk();
    }
  });

  frame(
    ctx,
    title,
    filters,
    h('div', { class: 'review-toolbar' }, bulk, csv),
    h('p', { class: 'field-help' }, rt('review.shortcuts')),
    announce,
    table,
  );
  await load();
  return {};
}

/**
 * Asks for a reason in the row's action cell itself (no modal dialog to trap focus): the person
 * sees the reason. Escape or Cancel calls `cancel`.
 */
function reasonForm(row: HTMLElement, id: string, submitLabel: string, submit: (reason: string) => void, cancel: () => void): void {
  const cell = row.querySelector<HTMLElement>('.review-actions')!;
  const inputId = `reason-${id}`;
  const reason = h('input', { id: inputId, type: 'text', class: 'reason-input', required: true, autocomplete: 'off' });
  const err = h('span', { class: 'field-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'reason-form' },
    h('label', { for: inputId }, rt('review.reasonPrompt')),
    reason,
    h('button', { type: 'submit', class: 'button button-primary' }, submitLabel),
    h('button', { type: 'button', class: 'button', onclick: cancel }, rt('review.cancel')),
    err,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!reason.value.trim()) {
      err.textContent = rt('review.reasonRequired');
      reason.focus();
      return;
    }
    submit(reason.value.trim());
  });
  form.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Escape') cancel();
  });
  replaceChildren(cell, form);
  reason.focus();
}

// ------------------------------------------------------------------ organization contacts

/**
 * `/console/:code/confirmations`: the contact of an observer organization (a focal point bound to
 * it) confirms the people who registered themselves for it — on to the secretariat, which keeps
 * the final approval — or declines them with a reason the person sees.
 */
export async function confirmationsPage(ctx: PageContext): Promise<Page> {
  const title = rt('confirm.title');
  if (!allowed(ctx, title, ['focal-point'])) return {};
  const code = ctx.params.code;
  const announce = h('p', { class: 'review-announce', role: 'status', 'aria-live': 'polite' });
  const table = h('div', { class: 'review-table-host' });

  const decide = async (r: RegistrationDto, decision: 'confirm' | 'decline', reason?: string) => {
    try {
      const { body } = await send<RegistrationDto>(`${base(code)}/self-registrations/${r.id}/confirmation`, {
        method: 'POST',
        json: reason ? { decision, reason } : { decision },
        signal: ctx.signal,
      });
      announce.textContent = rt(decision === 'confirm' ? 'confirm.confirmed' : 'confirm.declined', { name: nameOf(body) });
      await load();
    } catch (e) {
      if (!isAbort(e)) announce.textContent = `${nameOf(r)}: ${errorText(e)}`;
    }
  };

  const render = (items: RegistrationDto[]) => {
    const rows = items.map((r) => {
      const row: HTMLTableRowElement = h(
        'tr',
        { 'data-registration-id': r.id, 'data-status': r.status, class: 'review-row' },
        h('td', null, h('span', { class: 'reg-name' }, nameOf(r)), h('br'), h('span', { class: 'reg-email' }, r.email)),
        h('td', null, rt(`reg.cat.${r.category}`)),
        h('td', null, rt(`reg.fn.${r.function}`)),
        h('td', null, r.jobTitle ?? ''),
        h('td', null, r.nationality),
        h(
          'td',
          { class: 'review-actions' },
          h(
            'button',
            { type: 'button', class: 'button button-primary', 'data-action': 'confirm', onclick: () => void decide(r, 'confirm') },
            rt('confirm.confirm'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              'data-action': 'decline',
              onclick: () =>
                reasonForm(
                  row,
                  r.id,
                  rt('confirm.decline'),
                  (reason) => void decide(r, 'decline', reason),
                  () => render(items),
                ),
            },
            rt('confirm.decline'),
          ),
        ),
      );
      return row;
    });
    replaceChildren(
      table,
      items.length
        ? h(
            'table',
            { class: 'reg-table review-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                (
                  [
                    'nominate.name',
                    'review.category',
                    'nominate.function',
                    'confirm.jobTitle',
                    'review.nationality',
                    'review.actions',
                  ] as RegKey[]
                ).map((k) => h('th', { scope: 'col' }, rt(k))),
              ),
            ),
            h('tbody', null, rows),
          )
        : h('p', null, rt('confirm.empty')),
    );
  };

  const load = async () => {
    try {
      const { body } = await send<{ items: RegistrationDto[] }>(`${base(code)}/registrations?status=unconfirmed&limit=1000`, {
        signal: ctx.signal,
      });
      render(body.items);
    } catch (e) {
      if (!isAbort(e)) replaceChildren(table, h('p', { class: 'form-error', role: 'alert' }, errorText(e)));
    }
  };

  frame(ctx, title, h('p', { class: 'field-help' }, rt('confirm.intro')), announce, table);
  await load();
  return {};
}

// ------------------------------------------------------------------ check-in

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike;

/** `/console/:code/check-in`: a typed, pasted or (where the browser can) camera-scanned badge token. */
export async function checkInPage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('checkin.title');
  if (!allowed(ctx, title, ['secretariat', 'security'])) return {};
  const code = ctx.params.code;
  let zone: string | undefined;
  try {
    zone = (await send<MeetingDto>(base(code), { signal: ctx.signal })).body.timeZone;
  } catch (e) {
    if (isAbort(e)) throw e;
    if (e instanceof Failure && e.status === 404) {
      renderMessage(ctx.root, { title, text: e.message, tone: 'error' });
      return {};
    }
  }
  const token = h('input', {
    id: 'checkin-token',
    name: 'token',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'checkin-help',
  });
  const out = h('div', { class: 'checkin-result', role: 'status', 'aria-live': 'assertive' });
  const form = h(
    'form',
    { class: 'checkin-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'checkin-token' }, rt('checkin.token')),
      h('p', { class: 'field-help', id: 'checkin-help' }, rt('checkin.tokenHelp')),
      token,
    ),
    h('button', { type: 'submit', class: 'button button-primary' }, rt('checkin.submit')),
  );
  const hhmm = (iso: string) =>
    new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(iso));

  let inFlight = false;
  const check = async (value: string) => {
    if (!value || inFlight) return;
    inFlight = true;
    try {
      const { body } = await send<Extract<CheckInResult, { ok: true }>>(`${base(code)}/check-in`, {
        method: 'POST',
        json: { token: value },
        signal: ctx.signal,
      });
      const who = `${body.participant.name} — ${body.participant.partyOrOrganization} (${rt(`reg.cat.${body.participant.category}`)})`;
      replaceChildren(
        out,
        h(
          'p',
          { class: `checkin-answer checkin-${body.status}`, 'data-result': body.status },
          body.status === 'checked-in'
            ? rt('checkin.welcome', { name: who })
            : rt('checkin.already', { time: hhmm(body.firstCheckedInAt), name: who }),
        ),
      );
    } catch (e) {
      if (isAbort(e)) return;
      const reason = e instanceof Failure ? (e.body?.reason as CheckInRejection | undefined) : undefined;
      const known = reason && (['malformed', 'forged', 'expired', 'revoked', 'other-meeting'] as string[]).includes(reason);
      replaceChildren(
        out,
        h(
          'p',
          { class: 'checkin-answer checkin-rejected', 'data-result': known ? reason : 'error' },
          known ? rt(`checkin.rejected.${reason}`) : errorText(e),
        ),
      );
    } finally {
      inFlight = false;
      token.select();
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void check(token.value.trim());
  });

  // Camera scanning: the browser's BarcodeDetector where there is one (Chrome on Android, macOS,
  // Safari 17+…), else video frames decoded by jsQR (desktop Chrome/Firefox on Linux and Windows).
  let stream: MediaStream | null = null;
  let timer = 0;
  const video = h('video', { class: 'checkin-video', playsinline: true, muted: true, hidden: true });
  const stop = () => {
    window.clearInterval(timer);
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
    scanButton.textContent = rt('checkin.scan');
  };
  const scanButton = h('button', { type: 'button', class: 'button', hidden: !navigator.mediaDevices }, rt('checkin.scan'));
  scanButton.addEventListener('click', async () => {
    if (stream) return stop();
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      scanButton.textContent = rt('checkin.stopScan');
      const decode = await qrDecoder();
      let last = '';
      let lastAt = 0;
      let busy = false;
      timer = window.setInterval(async () => {
        if (busy || video.readyState < 2) return;
        busy = true;
        const value = await decode(video).catch(() => null);
        busy = false;
        if (!value || (value === last && Date.now() - lastAt < 4000)) return;
        last = value;
        lastAt = Date.now();
        token.value = value;
        void check(value);
      }, 300);
    } catch (e) {
      stop();
      replaceChildren(out, h('p', { class: 'checkin-answer checkin-rejected' }, rt('checkin.noCamera', { message: (e as Error).message })));
    }
  });

  frame(ctx, title, form, h('p', null, scanButton), video, out);
  token.focus();
  return { dispose: stop };
}

/** A QR reader for video frames: BarcodeDetector if the browser has it, else jsQR (loaded only now, its own chunk). */
async function qrDecoder(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (Detector) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    // At most 640 px wide: enough for a badge held up to the camera, and cheap to scan.
    const scale = Math.min(1, 640 / (video.videoWidth || 640));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    if (!canvas.width || !canvas.height) return null;
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = g.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data || null;
  };
}

// ------------------------------------------------------------------ invitation

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
  const pw = h('input', { id: 'invite-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const pw2 = h('input', { id: 'invite-confirm', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const error = h('div', { class: 'form-error', id: 'invite-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, rt('invite.submit'));
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'invite-password' }, rt('invite.password')), pw),
    h('div', { class: 'field' }, h('label', { for: 'invite-confirm' }, rt('invite.confirm')), pw2),
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (pw.value.length < 12) {
      error.textContent = rt('invite.tooShort');
      pw.focus();
      return;
    }
    if (pw.value !== pw2.value) {
      error.textContent = rt('invite.mismatch');
      pw2.focus();
      return;
    }
    submit.disabled = true;
    try {
      const { body } = await send<{ token: string; user: { email: string; role: string; displayName: string } }>(
        '/api/invitations/accept',
        {
          method: 'POST',
          json: { token: inviteToken, password: pw.value },
          anonymous: true,
          signal: ctx.signal,
        },
      );
      // Forget the token in the address before anything else renders.
      history.replaceState(null, '', '/invitation');
      auth.signIn(body.token, body.user);
      hooks.navigate('/');
      hooks.notice(rt('invite.done'));
    } catch (err) {
      if (isAbort(err)) return;
      submit.disabled = false;
      error.textContent =
        err instanceof Failure && err.body?.details?.length ? err.body.details.map((d) => d.message).join(' ') : errorText(err);
    }
  });
  replaceChildren(
    ctx.root,
    h(
      'div',
      { class: 'wrap page page-narrow' },
      h('h1', { class: 'page-title' }, title),
      h('p', { class: 'page-intro' }, rt('invite.intro')),
      form,
    ),
  );
  pw.focus();
  return {};
}
