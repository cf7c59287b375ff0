import { LANGUAGE_INFO, UN_LANGUAGES } from '@cop/contracts/languages';
import { DELEGATION_FUNCTIONS, GENDERS, type RegistrationDto } from '@cop/contracts/registration';
import { signal, useSignal, type Signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { ApiError, api, apiAnswer, errorText, type FieldProblem } from '../../api';
import type { Page, PageContext } from '../../router';
import { isAbort } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { AnswerHold } from './answer';
import { Field, type FieldErrors } from './form';
import { allowed, base, Frame, mount, nameOf, Options } from './shared';
import { HeaderCells, LoadFailure, NameCell, StatusCell } from './table';

const TITLES = ['Mr.', 'Ms.', 'Mx.', 'Dr.', 'Prof.', 'H.E.', 'Hon.'];
/** The fields sent with a nomination, when filled in. */
const SENT = ['title', 'givenName', 'familyName', 'email', 'phone', 'jobTitle', 'function', 'gender', 'nationality', 'preferredLanguage'];
/** What a field shows before anything is chosen (every other field starts empty). */
const INITIAL: Record<string, string> = { function: 'adviser', preferredLanguage: 'en' };

/** How often the shown list of nominations is read again. */
const REFRESH_MS = 30_000;

type ListState = { items: RegistrationDto[] } | { error: string } | null;

/** `/meetings/:code/nominate`: the focal point's nomination form and its Party's registrations. */
export async function nominatePage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('nominate.title');
  if (!allowed(ctx, title, ['focal-point'])) return {};
  const code = ctx.params.code;
  const list = signal<ListState>(null);
  const loadList = async () => {
    try {
      const body = await api<{ total: number; items: RegistrationDto[] }>(`${base(code)}/registrations?limit=1000`, { signal: ctx.signal });
      list.value = { items: body.items };
    } catch (e) {
      if (!isAbort(e)) list.value = { error: errorText(e) };
    }
  };
  const page = mount(
    ctx,
    <Frame code={code} title={title}>
      <p class="page-intro">{rt('nominate.intro')}</p>
      <NominationForm ctx={ctx} title={title} loadList={loadList} />
      <NominationList code={code} list={list} loadList={loadList} />
    </Frame>,
  );
  await loadList();
  // The secretariat decides elsewhere: show its decisions when the focal point comes back to the tab, and now and then while it is shown.
  const refresh = () => {
    if (document.visibilityState === 'visible') void loadList();
  };
  const timer = setInterval(refresh, REFRESH_MS);
  window.addEventListener('focus', refresh);
  document.addEventListener('visibilitychange', refresh);
  return {
    dispose: () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
      page.dispose?.();
    },
  };
}

function NominationForm({ ctx, title, loadList }: { ctx: PageContext; title: string; loadList: () => Promise<void> }) {
  const code = ctx.params.code;
  // One per form: the controls' refs fill it, and a submit still running after a render reads it.
  const form = useMemo<FieldErrors>(() => ({ errors: signal({}), controls: new Map() }), []);
  const letter = useSignal<{ id: string; name: string } | null>(null);
  const formError = useSignal('');
  const result = useSignal('');
  const busy = useSignal(false);
  const control = (name: string) => form.controls.get(name)!;

  const showErrors = (details: FieldProblem[]) => {
    const errors: Record<string, string> = {};
    const unplaced: string[] = [];
    let first: string | null = null;
    for (const d of details) {
      const name = d.field === 'letterId' ? 'letter' : d.field;
      const label = LABELS[name];
      if (!label) {
        unplaced.push(`${d.field}: ${d.message}`);
        continue;
      }
      errors[name] = `${rt(label)}: ${d.message}`;
      first ??= name;
    }
    form.errors.value = errors;
    formError.value = [rt('nominate.fixErrors'), ...unplaced].join(' ');
    if (first) control(first).focus();
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    form.errors.value = {};
    formError.value = '';
    result.value = '';
    const file = (control('letter') as HTMLInputElement).files?.[0];
    if (!letter.value && !file) {
      showErrors([{ field: 'letter', message: rt('nominate.letterMissing') }]);
      return;
    }
    busy.value = true;
    try {
      if (!letter.value && file) {
        try {
          const up = await api<{ id: string }>(`${base(code)}/nomination-letters`, {
            method: 'POST',
            raw: file,
            headers: { 'content-type': 'application/pdf', 'x-filename': encodeURIComponent(file.name) },
            signal: ctx.signal,
          });
          letter.value = { id: up.id, name: file.name };
        } catch (err) {
          if (isAbort(err)) return;
          showErrors([{ field: 'letter', message: errorText(err) }]);
          return;
        }
      }
      const body: Record<string, string> = { letterId: letter.value!.id };
      for (const name of SENT) {
        const value = control(name).value.trim();
        if (value) body[name] = value;
      }
      const out = await apiAnswer<RegistrationDto>(`${base(code)}/nominations`, { method: 'POST', body, signal: ctx.signal });
      const name = nameOf(out.body);
      result.value = out.status === 201 ? rt('nominate.created', { name }) : rt('nominate.duplicate', { name });
      // Every field starts afresh for the next person (title and gender included); the letter stays for reuse.
      for (const [name, el] of form.controls) if (name !== 'letter') el.value = INITIAL[name] ?? '';
      control('givenName').focus();
      await loadList();
    } catch (err) {
      if (isAbort(err)) return;
      if (err instanceof ApiError && err.details.length) showErrors(err.details);
      else formError.value = errorText(err);
    } finally {
      busy.value = false;
    }
  };

  const text = (attrs: object, type = 'text') => <input type={type} autocomplete="off" required spellcheck={false} {...attrs} />;
  return (
    <form class="reg-form" novalidate aria-labelledby="nom-form-title" onSubmit={(e) => void onSubmit(e)}>
      <h2 id="nom-form-title" class="visually-hidden">
        {title}
      </h2>
      <Field
        form={form}
        name="letter"
        label="nominate.letter"
        help={rt('nominate.letterHelp')}
        control={(a) => (
          <input
            type="file"
            accept="application/pdf,.pdf"
            {...a}
            // A new file: upload it with the next nomination.
            onChange={() => (letter.value = null)}
          />
        )}
      />
      <p class="letter-state" role="status">
        {letter.value ? rt('nominate.letterUploaded', { name: letter.value.name }) : ''}
      </p>
      <div class="field-row">
        <Field
          form={form}
          name="title"
          label="nominate.titleField"
          control={(a) => (
            <select {...a}>
              <Options options={[['', rt('nominate.none')], ...TITLES.map((v): [string, string] => [v, v])]} />
            </select>
          )}
        />
        <Field form={form} name="givenName" label="nominate.givenName" control={(a) => text(a)} />
        <Field form={form} name="familyName" label="nominate.familyName" control={(a) => text(a)} />
      </div>
      <div class="field-row">
        <Field form={form} name="email" label="nominate.email" control={(a) => text(a, 'email')} />
        <Field form={form} name="phone" label="nominate.phone" control={(a) => <input type="tel" autocomplete="off" {...a} />} />
      </div>
      <div class="field-row">
        <Field form={form} name="jobTitle" label="nominate.jobTitle" control={(a) => <input type="text" autocomplete="off" {...a} />} />
        <Field
          form={form}
          name="function"
          label="nominate.function"
          control={(a) => (
            <select {...a}>
              <Options options={DELEGATION_FUNCTIONS.map((f): [string, string] => [f, rt(`reg.fn.${f}`)])} value={INITIAL.function} />
            </select>
          )}
        />
      </div>
      <div class="field-row">
        <Field
          form={form}
          name="gender"
          label="nominate.gender"
          control={(a) => (
            <select {...a}>
              <Options options={[['', rt('nominate.none')], ...GENDERS.map((g): [string, string] => [g, rt(`reg.gender.${g}`)])]} />
            </select>
          )}
        />
        <Field
          form={form}
          name="nationality"
          label="nominate.nationality"
          control={(a) => <input type="text" maxlength={2} size={3} autocomplete="off" required {...a} />}
        />
        <Field
          form={form}
          name="preferredLanguage"
          label="nominate.language"
          control={(a) => (
            <select {...a}>
              <Options options={UN_LANGUAGES.map((l): [string, string] => [l, LANGUAGE_INFO[l].name])} value={INITIAL.preferredLanguage} />
            </select>
          )}
        />
      </div>
      <div class="form-error" role="alert">
        {formError}
      </div>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {busy.value ? rt('nominate.submitting') : rt('nominate.submit')}
      </button>
      <p class="form-success" role="status" aria-live="polite">
        {result}
      </p>
    </form>
  );
}

/** The label each field's errors are prefixed with (and which API fields have a place in the form). */
const LABELS: Record<string, Parameters<typeof rt>[0]> = {
  letter: 'nominate.letter',
  title: 'nominate.titleField',
  givenName: 'nominate.givenName',
  familyName: 'nominate.familyName',
  email: 'nominate.email',
  phone: 'nominate.phone',
  jobTitle: 'nominate.jobTitle',
  function: 'nominate.function',
  gender: 'nominate.gender',
  nationality: 'nominate.nationality',
  preferredLanguage: 'nominate.language',
};

function NominationList({ code, list, loadList }: { code: string; list: Signal<ListState>; loadList: () => Promise<void> }) {
  const state = list.value;
  const answering = useSignal<string | null>(null);
  const announce = useSignal('');
  const answered = async (text: string) => {
    answering.value = null;
    announce.value = text;
    await loadList();
  };
  return (
    <section class="reg-list" aria-labelledby="nom-list-title">
      {state && 'error' in state ? <LoadFailure text={state.error} alert={false} /> : null}
      {state && 'items' in state ? (
        <>
          <h2 id="nom-list-title">{rt('nominate.list')}</h2>
          <p class="review-announce" role="status" aria-live="polite">
            {announce}
          </p>
          {state.items.length ? (
            <table class="reg-table">
              <thead>
                <tr>
                  <HeaderCells keys={['nominate.name', 'nominate.function', 'nominate.status', 'review.actions']} />
                </tr>
              </thead>
              <tbody>
                {state.items.map((r) => (
                  <>
                    <tr data-registration-id={r.id} data-email={r.email}>
                      <NameCell r={r} />
                      <td>{rt(`reg.fn.${r.function}`)}</td>
                      <StatusCell r={r} />
                      <td>
                        {r.status === 'on-hold' && answering.value !== r.id ? (
                          <button type="button" class="button" data-action="answer" onClick={() => (answering.value = r.id)}>
                            {rt('nominate.answer')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                    {answering.value === r.id ? (
                      <tr class="reg-answer-row">
                        <td colSpan={4}>
                          <AnswerHold code={code} r={r} answered={answered} cancel={() => (answering.value = null)} />
                        </td>
                      </tr>
                    ) : null}
                  </>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{rt('nominate.listEmpty')}</p>
          )}
        </>
      ) : null}
    </section>
  );
}
