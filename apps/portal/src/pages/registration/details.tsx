import type { RegistrationDetailDto, RegistrationDto } from '@cop/contracts/registration';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, api, apiBlob, errorText } from '../../api';
import { saveBlob } from '../../doc-links';
import { locale } from '../../i18n';
import { isAbort } from '../../ui';
import { rt } from '../registration-i18n';
import { base, nameOf } from './shared';
import { BadgeReissueForm } from './badge-reissue';
import { LoadFailure } from './table';

const when = (iso: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/**
 * A registration as the secretariat reviews it: the letter of nomination, every transition and
 * correction with who made it, and the correction of a typo in a name or the email. `corrected`
 * hands the corrected registration back to the queue.
 */
export function RegistrationDetails({ code, id, corrected }: { code: string; id: string; corrected: (r: RegistrationDto) => void }) {
  const detail = useSignal<RegistrationDetailDto | null>(null);
  const error = useSignal('');
  const load = async (signal?: AbortSignal) => {
    try {
      detail.value = await api<RegistrationDetailDto>(`${base(code)}/registrations/${id}`, { signal });
      error.value = '';
    } catch (e) {
      if (!isAbort(e)) error.value = errorText(e);
    }
  };
  useEffect(() => {
    const abort = new AbortController();
    void load(abort.signal);
    return () => abort.abort();
  }, [id]);
  if (error.value && !detail.value) return <LoadFailure text={error.value} />;
  const r = detail.value;
  if (!r) return <p role="status">{rt('details.loading')}</p>;
  return (
    <section class="reg-details" aria-label={rt('details.title', { name: nameOf(r) })} data-registration-details={r.id}>
      <LetterButton code={code} r={r} />
      <h3>{rt('details.history')}</h3>
      <ol class="reg-history">
        {r.history.map((e) => (
          <li>
            {rt('details.event', {
              at: when(e.at),
              from: e.from ? rt(`reg.status.${e.from}`) : '—',
              to: rt(`reg.status.${e.to}`),
              by: e.by?.email ?? rt('details.system'),
            })}
            {e.reason ? <span class="reg-reason">{` ${rt('me.reason', { reason: e.reason })}`}</span> : null}
          </li>
        ))}
      </ol>
      {r.corrections.length ? (
        <>
          <h3>{rt('details.corrections')}</h3>
          <ul class="reg-corrections">
            {r.corrections.flatMap((c) =>
              c.changes.map((ch) => (
                <li>
                  {rt('details.correction', { at: when(c.at), by: c.by, field: rt(FIELD_LABEL[ch.field]), from: ch.from, to: ch.to })}
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
      <CorrectionForm
        code={code}
        r={r}
        done={async (next) => {
          corrected(next);
          await load();
        }}
        stale={() => void load()}
      />
      {r.status === 'approved' ? <BadgeReissueForm code={code} r={r} done={() => load()} /> : null}
    </section>
  );
}

const FIELD_LABEL = { givenName: 'nominate.givenName', familyName: 'nominate.familyName', email: 'nominate.email' } as const;

/** The letter is behind the bearer token, so it is fetched and handed to the browser as a file. */
function LetterButton({ code, r }: { code: string; r: RegistrationDetailDto }) {
  const error = useSignal('');
  if (!r.letterId) return <p>{rt('details.noLetter')}</p>;
  const open = async () => {
    try {
      const { blob, fileName } = await apiBlob(`${base(code)}/nomination-letters/${r.letterId}`);
      error.value = '';
      saveBlob(blob, fileName ?? `letter-${r.familyName}.pdf`);
    } catch (e) {
      error.value = errorText(e);
    }
  };
  return (
    <p>
      <button type="button" class="button" data-action="letter" onClick={() => void open()}>
        {rt('details.letter')}
      </button>
      <span class="field-error" role="alert">
        {error}
      </span>
    </p>
  );
}

/**
 * Names and email as the secretariat corrects them; sent with the version read, so no one's change
 * is lost. The fields are uncontrolled (defaultValue): an answer shown beside them never resets
 * what was typed.
 */
function CorrectionForm(props: { code: string; r: RegistrationDetailDto; done: (r: RegistrationDto) => Promise<void>; stale: () => void }) {
  const { r } = props;
  const form = useRef<HTMLFormElement>(null);
  const message = useSignal('');
  const busy = useSignal(false);
  const prefix = `correct-${r.id}`;
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const value = (name: string) => (form.current!.elements.namedItem(name) as HTMLInputElement).value.trim();
    const body: Record<string, string> = {};
    if (value('givenName') !== r.givenName) body.givenName = value('givenName');
    if (value('familyName') !== r.familyName) body.familyName = value('familyName');
    if (value('email').toLowerCase() !== r.email) body.email = value('email');
    if (!Object.keys(body).length) {
      message.value = rt('details.noChange');
      return;
    }
    busy.value = true;
    try {
      const next = await api<RegistrationDto>(`${base(props.code)}/registrations/${r.id}`, {
        method: 'PATCH',
        body,
        headers: { 'if-match': `"${r.updatedAt}"` },
      });
      message.value = rt('details.saved', { name: nameOf(next) });
      await props.done(next);
    } catch (err) {
      message.value = errorText(err);
      // Someone changed it first: read it again (its history shows what changed); what was typed stays, to send on top.
      if (err instanceof ApiError && err.status === 412) props.stale();
    } finally {
      busy.value = false;
    }
  };
  const field = (name: 'givenName' | 'familyName' | 'email', type = 'text') => (
    <div class="field">
      <label for={`${prefix}-${name}`}>{rt(FIELD_LABEL[name])}</label>
      <input id={`${prefix}-${name}`} name={name} type={type} defaultValue={r[name]} autocomplete="off" spellcheck={false} required />
    </div>
  );
  return (
    <form ref={form} class="reg-correction" onSubmit={(e) => void onSubmit(e)} novalidate>
      <h3>{rt('details.correct')}</h3>
      <div class="field-row">
        {field('givenName')}
        {field('familyName')}
        {field('email', 'email')}
      </div>
      <button type="submit" class="button button-primary" disabled={busy.value}>
        {rt('details.save')}
      </button>
      <p class="review-announce" role="status">
        {message}
      </p>
    </form>
  );
}
