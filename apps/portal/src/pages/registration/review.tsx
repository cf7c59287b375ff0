import { PARTICIPANT_CATEGORIES, REGISTRATION_STATUSES, type RegistrationDto, type RegistrationStatus } from '@cop/contracts/registration';
import { signal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { api, apiBlob, errorText } from '../../api';
import { saveBlob } from '../../doc-links';
import type { Page, PageContext } from '../../router';
import { isAbort } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { RegistrationDetails } from './details';
import { allowed, base, Frame, mount, nameOf, Options, type RegistrationHooks } from './shared';
import { HeaderCells, LoadFailure, NameCell, ReasonForm, StatusCell } from './table';

type Filter = { status: string; category: string; party: string };
type Asking = { id: string; to: 'rejected' | 'on-hold' };

/** `/console/:code/registrations`: filter, approve / reject / hold with reason, bulk approve, CSV. */
export async function reviewPage(ctx: PageContext, hooks: RegistrationHooks): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('review.title');
  if (!allowed(ctx, title, ['secretariat'])) return {};
  const params = ctx.url.searchParams;
  const filter = { status: params.get('status') ?? '', category: params.get('category') ?? '', party: params.get('party') ?? '' };
  const queue = reviewQueue(ctx, filter);
  const page = mount(
    ctx,
    <Frame code={ctx.params.code} title={title}>
      <Filters code={ctx.params.code} filter={filter} navigate={hooks.navigate} />
      <div class="review-toolbar">
        <BulkApprove queue={queue} />
        <CsvLink queue={queue} />
      </div>
      <p class="field-help">{rt('review.shortcuts')}</p>
      <p class="review-announce" role="status" aria-live="polite">
        {queue.announce}
      </p>
      <ReviewTable queue={queue} />
    </Frame>,
  );
  await queue.load();
  return page;
}

type Queue = ReturnType<typeof reviewQueue>;

/** The review queue's state and what the secretariat can do with it. */
function reviewQueue(ctx: PageContext, filter: Filter) {
  const code = ctx.params.code;
  const items = signal<RegistrationDto[] | null>(null);
  const total = signal(0);
  const loadError = signal('');
  const selected = signal(new Set<string>());
  const announce = signal('');
  const asking = signal<Asking | null>(null);
  const bulkBusy = signal(false);
  /** The registration whose details are open under its row. */
  const opened = signal<string | null>(null);
  /** The row to focus once the list shown again has it. */
  const focusId = signal<string | undefined>(undefined);

  const query = () => {
    const q = new URLSearchParams({ limit: '1000' });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    return q.toString();
  };
  const load = async (focus?: string) => {
    try {
      const body = await api<{ total: number; items: RegistrationDto[] }>(`${base(code)}/registrations?${query()}`, { signal: ctx.signal });
      selected.value = new Set([...selected.value].filter((id) => body.items.some((r) => r.id === id && r.status !== 'approved')));
      asking.value = null;
      focusId.value = focus;
      total.value = body.total;
      loadError.value = '';
      items.value = body.items;
    } catch (e) {
      if (!isAbort(e)) loadError.value = errorText(e);
    }
  };
  const transition = async (r: RegistrationDto, to: RegistrationStatus, reason?: string) => {
    try {
      const body = await api<RegistrationDto>(`${base(code)}/registrations/${r.id}/transitions`, {
        method: 'POST',
        body: reason ? { to, reason } : { to },
        signal: ctx.signal,
      });
      announce.value = rt('review.done', { name: nameOf(body), status: rt(`reg.status.${body.status}`) });
      await load(r.id);
    } catch (e) {
      if (!isAbort(e)) announce.value = `${nameOf(r)}: ${errorText(e)}`;
    }
  };
  const approveSelected = async () => {
    if (!selected.value.size) return;
    bulkBusy.value = true;
    try {
      const body = await api<{ results: { id: string; ok: boolean }[] }>(`${base(code)}/registrations/transitions`, {
        method: 'POST',
        body: { ids: [...selected.value], to: 'approved' },
        signal: ctx.signal,
      });
      const ok = body.results.filter((r) => r.ok).length;
      announce.value = rt('review.bulkDone', { ok, failed: body.results.length - ok });
      selected.value = new Set();
      await load();
    } catch (e) {
      if (!isAbort(e)) announce.value = errorText(e);
    } finally {
      bulkBusy.value = false;
    }
  };
  const select = (ids: string[], on: boolean) => {
    const next = new Set(selected.value);
    for (const id of ids)
      if (on) next.add(id);
      else next.delete(id);
    selected.value = next;
  };
  /** The export needs the bearer token, which a plain link cannot send. */
  const exportCsv = async () => {
    try {
      const { blob } = await apiBlob(`${base(code)}/registrations.csv?${query()}`);
      saveBlob(blob, `registrations-${code}.csv`);
    } catch (err) {
      announce.value = errorText(err);
    }
  };
  return {
    code,
    items,
    total,
    loadError,
    selected,
    announce,
    asking,
    bulkBusy,
    opened,
    focusId,
    load,
    transition,
    approveSelected,
    select,
    exportCsv,
  };
}

function Filters({ code, filter, navigate }: { code: string; filter: Filter; navigate: (to: string) => void }) {
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
    const next = { status: value('status'), category: value('category'), party: value('party').trim().toUpperCase() };
    const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
    navigate(`/console/${encodeURIComponent(code)}/registrations${q.size ? `?${q}` : ''}`);
  };
  return (
    <form class="review-filters" role="search" aria-label={rt('review.filters')} onSubmit={onSubmit}>
      <div class="field">
        <label for="f-status">{rt('review.status')}</label>
        <select id="f-status" name="status">
          <Options
            options={[['', rt('review.all')], ...REGISTRATION_STATUSES.map((s): [string, string] => [s, rt(`reg.status.${s}`)])]}
            value={filter.status}
          />
        </select>
      </div>
      <div class="field">
        <label for="f-category">{rt('review.category')}</label>
        <select id="f-category" name="category">
          <Options
            options={[['', rt('review.all')], ...PARTICIPANT_CATEGORIES.map((c): [string, string] => [c, rt(`reg.cat.${c}`)])]}
            value={filter.category}
          />
        </select>
      </div>
      <div class="field">
        <label for="f-party">{rt('review.party')}</label>
        <input id="f-party" name="party" type="text" value={filter.party} size={5} autocomplete="off" />
      </div>
      <button type="submit" class="button">
        {rt('review.apply')}
      </button>
    </form>
  );
}

function BulkApprove({ queue }: { queue: Queue }) {
  const n = queue.selected.value.size;
  return (
    <button
      type="button"
      class="button button-primary"
      disabled={queue.bulkBusy.value || n === 0}
      onClick={() => void queue.approveSelected()}
    >
      {rt('review.bulkApprove', { n })}
    </button>
  );
}

function CsvLink({ queue }: { queue: Queue }) {
  const href = `${base(queue.code)}/registrations.csv`;
  const onClick = (e: Event) => {
    e.preventDefault();
    void queue.exportCsv();
  };
  return (
    <a class="button review-csv" href={href} data-external="" download={`registrations-${queue.code}.csv`} onClick={onClick}>
      {rt('review.csv')}
    </a>
  );
}

const COLUMNS = [
  'nominate.name',
  'review.category',
  'review.partyOrOrg',
  'nominate.function',
  'review.nationality',
  'nominate.status',
  'review.actions',
] as const;

function ReviewTable({ queue }: { queue: Queue }) {
  const host = useRef<HTMLDivElement>(null);
  const items = queue.items.value;
  useLayoutEffect(() => {
    const id = queue.focusId.peek();
    if (!id) return;
    queue.focusId.value = undefined;
    host.current?.querySelector<HTMLElement>(`[data-registration-id="${id}"]`)?.focus();
  });
  const selectAll = (e: Event) => {
    const box = e.currentTarget as HTMLInputElement;
    queue.select(
      items!.filter((r) => r.status !== 'approved').map((r) => r.id),
      box.checked,
    );
    // Unchecked again once it has (un)selected every row: the rows' boxes show the selection.
    box.checked = false;
  };
  let content = null;
  if (queue.loadError.value) content = <LoadFailure text={queue.loadError.value} />;
  else if (items)
    content = (
      <>
        <p class="review-count">{rt('review.count', { shown: items.length, total: queue.total.value })}</p>
        {items.length ? (
          <table class="reg-table review-table">
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label={rt('review.selectAll')} onChange={selectAll} />
                </th>
                <HeaderCells keys={[...COLUMNS]} />
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <ReviewRow key={r.id} r={r} queue={queue} />
              ))}
            </tbody>
          </table>
        ) : (
          <p>{rt('review.empty')}</p>
        )}
      </>
    );
  return (
    <div class="review-table-host" ref={host}>
      {content}
    </div>
  );
}

function ReviewRow({ r, queue }: { r: RegistrationDto; queue: Queue }) {
  const actionable = r.status === 'pending' || r.status === 'on-hold';
  const asking = queue.asking.value?.id === r.id ? queue.asking.value : null;
  const ask = (to: Asking['to']) => (queue.asking.value = { id: r.id, to });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).tagName === 'INPUT') return;
    const row = e.currentTarget as HTMLElement;
    const key = e.key.toLowerCase();
    const move = (to: Element | null) => {
      if (to instanceof HTMLElement) {
        e.preventDefault();
        to.focus();
      }
    };
    const sibling = (step: 'nextElementSibling' | 'previousElementSibling') => {
      let el = row[step];
      while (el && !el.classList.contains('review-row')) el = el[step];
      return el;
    };
    if (key === 'j' || key === 'arrowdown') move(sibling('nextElementSibling'));
    else if (key === 'k' || key === 'arrowup') move(sibling('previousElementSibling'));
    else if (e.target !== row) return;
    else if (key === 'a' && actionable) {
      e.preventDefault();
      void queue.transition(r, 'approved');
    } else if ((key === 'r' && (actionable || r.status === 'approved')) || (key === 'h' && r.status === 'pending')) {
      // Not typed into the reason field that takes the focus.
      e.preventDefault();
      ask(key === 'r' ? 'rejected' : 'on-hold');
    }
  };
  const open = queue.opened.value === r.id;
  return (
    <>
      <tr data-registration-id={r.id} data-status={r.status} tabindex={0} class="review-row" onKeyDown={onKeyDown}>
        <td>
          <input
            type="checkbox"
            class="review-check"
            aria-label={rt('review.select', { name: nameOf(r) })}
            checked={queue.selected.value.has(r.id)}
            disabled={r.status === 'approved'}
            onChange={(e) => queue.select([r.id], e.currentTarget.checked)}
          />
        </td>
        <NameCell r={r} />
        <td>{rt(`reg.cat.${r.category}`)}</td>
        <td>{r.party ? `${r.party.name} (${r.party.code})` : (r.organization?.name ?? '')}</td>
        <td>{rt(`reg.fn.${r.function}`)}</td>
        <td>{r.nationality}</td>
        <StatusCell r={r} />
        <td class="review-actions">
          {asking ? (
            <ReasonForm
              id={r.id}
              submitLabel={rt(asking.to === 'rejected' ? 'review.confirmReject' : 'review.confirmHold')}
              submit={(reason) => void queue.transition(r, asking.to, reason)}
              cancel={() => void queue.load(r.id)}
            />
          ) : (
            <>
              {actionable || r.status === 'rejected' ? (
                <button
                  type="button"
                  class="button button-primary"
                  data-action="approve"
                  onClick={() => void queue.transition(r, 'approved')}
                >
                  {rt('review.approve')}
                </button>
              ) : null}
              {actionable || r.status === 'approved' ? (
                <button type="button" class="button" data-action="reject" onClick={() => ask('rejected')}>
                  {rt('review.reject')}
                </button>
              ) : null}
              {r.status === 'pending' ? (
                <button type="button" class="button" data-action="hold" onClick={() => ask('on-hold')}>
                  {rt('review.hold')}
                </button>
              ) : null}
              <button
                type="button"
                class="button"
                data-action="details"
                aria-expanded={open}
                aria-controls={open ? `details-${r.id}` : undefined}
                onClick={() => (queue.opened.value = open ? null : r.id)}
              >
                {rt('review.details')}
              </button>
            </>
          )}
        </td>
      </tr>
      {open ? (
        <tr class="review-details-row" id={`details-${r.id}`}>
          <td colSpan={COLUMNS.length + 1}>
            <RegistrationDetails code={queue.code} id={r.id} corrected={() => void queue.load()} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
