import type { MeetingDto } from '@cop/contracts/calendar';
import { CHECK_IN_REJECTIONS, type CheckInRejection, type CheckInResult } from '@cop/contracts/registration';
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, api, errorText } from '../../api';
import { locale } from '../../i18n';
import type { Page, PageContext } from '../../router';
import { isAbort, renderMessage } from '../../ui';
import { loadRegistrationStrings, rt } from '../registration-i18n';
import { QrScanner } from './camera';
import { allowed, base, Frame, mount } from './shared';

/** What the desk reads: the verdict, whose badge it is, and for a refusal what to do next. */
type Answer = { className: string; result?: string; text: string; who?: string; next?: string } | null;
type Refusal = Extract<CheckInResult, { ok: false }>;

/** `/console/:code/check-in`: a typed, pasted or (where the browser can) camera-scanned badge token. */
export async function checkInPage(ctx: PageContext): Promise<Page> {
  await loadRegistrationStrings();
  const title = rt('checkin.title');
  if (!allowed(ctx, title, ['secretariat', 'security'])) return {};
  const code = ctx.params.code;
  let zone: string | undefined;
  try {
    zone = (await api<MeetingDto>(base(code), { signal: ctx.signal })).timeZone;
  } catch (e) {
    if (isAbort(e)) throw e;
    if (e instanceof ApiError && e.status === 404) {
      renderMessage(ctx.root, { title, text: e.message, tone: 'error' });
      return {};
    }
  }
  const page = mount(
    ctx,
    <Frame code={code} title={title}>
      <CheckIn ctx={ctx} zone={zone} />
    </Frame>,
  );
  ctx.root.querySelector<HTMLInputElement>('#checkin-token')?.focus();
  return page;
}

function CheckIn({ ctx, zone }: { ctx: PageContext; zone: string | undefined }) {
  const token = useRef<HTMLInputElement>(null);
  const answer = useSignal<Answer>(null);
  const inFlight = useRef(false);
  const hhmm = (iso: string) =>
    new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(new Date(iso));
  const dayAndTime = (iso: string) =>
    new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(new Date(iso));

  const check = async (value: string) => {
    if (!value || inFlight.current) return;
    inFlight.current = true;
    try {
      const body = await api<Extract<CheckInResult, { ok: true }>>(`${base(ctx.params.code)}/check-in`, {
        method: 'POST',
        body: { token: value },
        signal: ctx.signal,
      });
      const who = participantLine(body.participant);
      answer.value = {
        className: `checkin-${body.status}`,
        result: body.status,
        text:
          body.status === 'checked-in'
            ? rt('checkin.welcome', { name: who })
            : rt('checkin.already', { time: hhmm(body.firstCheckedInAt), name: who }),
      };
    } catch (e) {
      if (isAbort(e)) return;
      const reason = e instanceof ApiError ? (e.reason as CheckInRejection | undefined) : undefined;
      const known = !!reason && (CHECK_IN_REJECTIONS as readonly string[]).includes(reason);
      const refusal = known ? ((e as ApiError).body as Refusal) : null;
      answer.value = {
        className: 'checkin-rejected',
        result: known ? reason : 'error',
        text: refusal?.validUntil
          ? rt('checkin.expiredUntil', { date: dayAndTime(refusal.validUntil) })
          : known
            ? rt(`checkin.rejected.${reason!}`)
            : errorText(e),
        who: refusal?.participant ? participantLine(refusal.participant) : undefined,
        next: refusal ? nextStep(refusal) : undefined,
      };
    } finally {
      inFlight.current = false;
      token.current?.select();
    }
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void check(token.current!.value.trim());
  };
  const onScanned = (value: string) => {
    token.current!.value = value;
    void check(value);
  };

  return (
    <>
      <form class="checkin-form" novalidate onSubmit={onSubmit}>
        <div class="field">
          <label for="checkin-token">{rt('checkin.token')}</label>
          <p class="field-help" id="checkin-help">
            {rt('checkin.tokenHelp')}
          </p>
          <input
            ref={token}
            id="checkin-token"
            name="token"
            type="text"
            autocomplete="off"
            spellcheck={false}
            aria-describedby="checkin-help"
          />
        </div>
        <button type="submit" class="button button-primary">
          {rt('checkin.submit')}
        </button>
      </form>
      <Camera onValue={onScanned} answer={answer} />
      <div class="checkin-result" role="status" aria-live="assertive">
        {answer.value ? (
          <>
            <p class={`checkin-answer ${answer.value.className}`} data-result={answer.value.result}>
              {answer.value.text}
            </p>
            {answer.value.who ? <p class="checkin-who">{answer.value.who}</p> : null}
            {answer.value.next ? <p class="checkin-next">{answer.value.next}</p> : null}
          </>
        ) : null}
      </div>
    </>
  );
}

const participantLine = (p: NonNullable<Refusal['participant']>) => `${p.name} — ${p.partyOrOrganization} (${rt(`reg.cat.${p.category}`)})`;

/** What the desk does about a refused badge. */
function nextStep(r: Refusal): string {
  // Still approved but refused as revoked: a newer badge replaced this one.
  if (r.reason === 'revoked' && r.status === 'approved') return rt('checkin.next.replaced');
  if (r.reason === 'revoked' && r.status) return rt('checkin.next.revoked', { status: rt(`reg.status.${r.status}`) });
  return rt(`checkin.next.${r.reason}`);
}

/** The scan button and the camera's picture; the scanner itself lives behind the video's ref. */
function Camera({ onValue, answer }: { onValue: (value: string) => void; answer: Signal<Answer> }) {
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<QrScanner | null>(null);
  const scanning = useSignal(false);
  const latest = useRef(onValue);
  latest.current = onValue;
  useEffect(() => {
    const s = new QrScanner(video.current!, (value) => latest.current(value));
    scanner.current = s;
    return () => s.stop();
  }, []);
  const onClick = async () => {
    const s = scanner.current!;
    if (s.running) {
      s.stop();
      scanning.value = false;
      return;
    }
    try {
      await s.start();
      scanning.value = true;
    } catch (e) {
      s.stop();
      scanning.value = false;
      answer.value = { className: 'checkin-rejected', text: rt('checkin.noCamera', { message: (e as Error).message }) };
    }
  };
  return (
    <>
      <p>
        <button type="button" class="button" hidden={!navigator.mediaDevices} onClick={() => void onClick()}>
          {scanning.value ? rt('checkin.stopScan') : rt('checkin.scan')}
        </button>
      </p>
      <video ref={video} class="checkin-video" playsinline muted hidden />
    </>
  );
}
