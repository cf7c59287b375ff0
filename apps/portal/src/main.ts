import './styles.css';
import * as auth from './auth';
import { initLanguage, onLanguageChange, t } from './i18n';
import { loginPage } from './pages/login';
import { clearPrivateCaches, forgetOtherAccounts, registerServiceWorker } from './offline';
import { meetingsPage } from './pages/meetings';
import { schedulePage } from './pages/schedule/schedule-page';
import { Router } from './router';
import { mountShell } from './shell';
import { renderPageNotFound } from './ui';

// The interface language's dictionary first: the first render is in it, never English then it.
void initLanguage().then(start);
// Built portals only (`vite build`, whatever NODE_ENV says): the dev server has no /sw.js.
if (import.meta.env.MODE === 'production') registerServiceWorker();
// Another account signed in since the caches were filled (in another tab, say): forget its files.
void forgetOtherAccounts();

function start(): void {
  const app = document.getElementById('app')!;
  let expectSignOut = false;
  const shell = mountShell(app, () => {
    expectSignOut = true;
    auth.signOut();
  });

  const router: Router = new Router(
    shell.main,
    (ctx) => renderPageNotFound(ctx.root, ctx.url.pathname),
    () => shell.update(),
  );

  const liveHooks = { retry: () => router.reload(), onUnauthorized: () => auth.signOut() };
  const registrationHooks = { navigate: (to: string) => router.navigate(to), notice: (text: string) => shell.notice(text) };
  const meetingHooks = { ...liveHooks, notice: (text: string) => shell.notice(text) };

  router
    .add('/', (ctx) => meetingsPage(ctx, () => router.reload()))
    .add('/meetings', (ctx) => meetingsPage(ctx, () => router.reload()))
    // The meeting's overview and each session's page are chunks of their own, loaded when first visited.
    .add('/meetings/:code', async (ctx) => (await import('./pages/home/home-page')).homePage(ctx, meetingHooks))
    .add('/meetings/:code/sessions/:id', async (ctx) => (await import('./pages/session/session-page')).sessionPage(ctx, meetingHooks))
    .add('/meetings/:code/schedule', (ctx) => schedulePage(ctx, { retry: () => router.reload() }))
    // The live page (with hls.js, loaded after it) is its own chunk: the schedule never pays for it.
    .add('/meetings/:code/live', async (ctx) => (await import('./pages/live/live-page')).livePage(ctx, liveHooks))
    // The secretariat's schedule editor is its own chunk, with its own strings.
    .add('/console/:code/schedule', async (ctx) =>
      (await import('./pages/console/console-page')).scheduleConsolePage(ctx, { retry: () => router.reload() }),
    )
    .add('/console/:code/streams', async (ctx) => (await import('./pages/live/live-page')).streamConsolePage(ctx, liveHooks))
    // The documents page (with the secretariat's upload form) is its own chunk too.
    .add('/meetings/:code/documents', async (ctx) => (await import('./pages/documents/documents-page')).documentsPage(ctx, liveHooks))
    .add('/console/:code/documents', async (ctx) => (await import('./pages/documents/documents-page')).documentsPage(ctx, liveHooks, true))
    // Registration pages are one chunk of their own, loaded when first visited.
    .add('/meetings/:code/nominate', async (ctx) => (await import('./pages/registration/registration-pages')).nominatePage(ctx))
    .add('/meetings/:code/me', async (ctx) => (await import('./pages/registration/registration-pages')).myRegistrationPage(ctx))
    .add('/meetings/:code/self-registration', async (ctx) =>
      (await import('./pages/registration/registration-pages')).addressConfirmationPage(ctx),
    )
    .add('/console/:code/registrations', async (ctx) =>
      (await import('./pages/registration/registration-pages')).reviewPage(ctx, registrationHooks),
    )
    .add('/console/:code/confirmations', async (ctx) => (await import('./pages/registration/registration-pages')).confirmationsPage(ctx))
    .add('/console/:code/check-in', async (ctx) => (await import('./pages/registration/registration-pages')).checkInPage(ctx))
    .add('/invitation', async (ctx) => (await import('./pages/registration/registration-pages')).invitationPage(ctx, registrationHooks))
    .add('/login', (ctx) => loginPage(ctx, (next) => router.navigate(next, { replace: true })));

  // Signing in or out (or a token found expired) changes what the API shows: load the page again.
  auth.onAuthChange(() => {
    // What was saved for this account (participants-only sessions and documents) goes with it.
    if (!auth.token()) void clearPrivateCaches();
    // Signed in as someone else without signing out: the first account's files go too.
    void forgetOtherAccounts();
    shell.update();
    if (window.location.pathname === '/login') return;
    if (expectSignOut) shell.notice(t('login.signedOut'));
    else if (!auth.token()) shell.notice(t('announce.signedOut'));
    expectSignOut = false;
    router.reload();
  });

  onLanguageChange(() => {
    shell.update();
    router.refresh();
  });

  router.start();
}
