import type { RegistrationDto } from '@cop/contracts/registration';
import { signal } from '@preact/signals';
import { api, errorText } from '../../api';
import type { Page, PageContext } from '../../router';
import { isAbort } from '../../ui';
import { rt } from '../registration-i18n';
import { allowed, base, Frame, mount, nameOf } from './shared';
import { HeaderCells, LoadFailure, NameCell, ReasonForm } from './table';

type Decision = 'confirm' | 'decline';

/**
 * `/console/:code/confirmations`: the contact of an observer organization (a focal point bound to
 * it) confirms the people who registered themselves for it — on to the secretariat, which keeps
 * the final approval — or declines them with a reason the person sees.
 */
export async function confirmationsPage(ctx: PageContext): Promise<Page> {
  const title = rt('confirm.title');
  if (!allowed(ctx, title, ['focal-point'])) return {};
  const list = confirmationList(ctx);
  const page = mount(
    ctx,
    <Frame code={ctx.params.code} title={title}>
      <p class="field-help">{rt('confirm.intro')}</p>
      <p class="review-announce" role="status" aria-live="polite">
        {list.announce}
      </p>
      <ConfirmationTable list={list} />
    </Frame>,
  );
  await list.load();
  return page;
}

type List = ReturnType<typeof confirmationList>;

function confirmationList(ctx: PageContext) {
  const code = ctx.params.code;
  const items = signal<RegistrationDto[] | null>(null);
  const loadError = signal('');
  const announce = signal('');
  /** The row asking for the reason of a decline. */
  const declining = signal<string | null>(null);
  const load = async () => {
    try {
      const body = await api<{ items: RegistrationDto[] }>(`${base(code)}/registrations?status=unconfirmed&limit=1000`, {
        signal: ctx.signal,
      });
      declining.value = null;
      loadError.value = '';
      items.value = body.items;
    } catch (e) {
      if (!isAbort(e)) loadError.value = errorText(e);
    }
  };
  const decide = async (r: RegistrationDto, decision: Decision, reason?: string) => {
    try {
      const body = await api<RegistrationDto>(`${base(code)}/self-registrations/${r.id}/confirmation`, {
        method: 'POST',
        body: reason ? { decision, reason } : { decision },
        signal: ctx.signal,
      });
      announce.value = rt(decision === 'confirm' ? 'confirm.confirmed' : 'confirm.declined', { name: nameOf(body) });
      await load();
    } catch (e) {
      if (!isAbort(e)) announce.value = `${nameOf(r)}: ${errorText(e)}`;
    }
  };
  return { items, loadError, announce, declining, load, decide };
}

function ConfirmationTable({ list }: { list: List }) {
  const items = list.items.value;
  let content = null;
  if (list.loadError.value) content = <LoadFailure text={list.loadError.value} />;
  else if (items)
    content = items.length ? (
      <table class="reg-table review-table">
        <thead>
          <tr>
            <HeaderCells
              keys={['nominate.name', 'review.category', 'nominate.function', 'confirm.jobTitle', 'review.nationality', 'review.actions']}
            />
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <ConfirmationRow key={r.id} r={r} list={list} />
          ))}
        </tbody>
      </table>
    ) : (
      <p>{rt('confirm.empty')}</p>
    );
  return <div class="review-table-host">{content}</div>;
}

function ConfirmationRow({ r, list }: { r: RegistrationDto; list: List }) {
  return (
    <tr data-registration-id={r.id} data-status={r.status} class="review-row">
      <NameCell r={r} />
      <td>{rt(`reg.cat.${r.category}`)}</td>
      <td>{rt(`reg.fn.${r.function}`)}</td>
      <td>{r.jobTitle ?? ''}</td>
      <td>{r.nationality}</td>
      <td class="review-actions">
        {list.declining.value === r.id ? (
          <ReasonForm
            id={r.id}
            submitLabel={rt('confirm.decline')}
            submit={(reason) => void list.decide(r, 'decline', reason)}
            cancel={() => (list.declining.value = null)}
          />
        ) : (
          <>
            <button type="button" class="button button-primary" data-action="confirm" onClick={() => void list.decide(r, 'confirm')}>
              {rt('confirm.confirm')}
            </button>
            <button type="button" class="button" data-action="decline" onClick={() => (list.declining.value = r.id)}>
              {rt('confirm.decline')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
