import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { SessionProvider } from './auth/SessionProvider.tsx';
import { Layout } from './components/layout/Layout.tsx';
import { LoadingMessage } from './components/layout/LoadingMessage.tsx';
import { RequireSignIn } from './components/layout/RequireSignIn.tsx';
import { AccountLinkPage } from './pages/AccountLinkPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CategoriesPage } from './pages/CategoriesPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ForgottenPasswordPage } from './pages/ForgottenPasswordPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { NewEntryPage } from './pages/NewEntryPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';
import { OrganisationSecurityPage } from './pages/OrganisationSecurityPage.tsx';
import { ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { TwoFactorSettingsPage } from './pages/TwoFactorSettingsPage.tsx';
import { UnsubscribePage } from './pages/UnsubscribePage.tsx';

// The entry page brings Tiptap, Yjs and the socket: load it only when an entry is opened.
const EntryPage = lazy(() => import('./pages/EntryPage.tsx'));
const JudgePage = lazy(() => import('./pages/JudgePage.tsx'));

function entryRoute() {
  return (
    <RequireSignIn>
      {(me) => (
        <Suspense fallback={<LoadingMessage>Loading the editor…</LoadingMessage>}>
          <EntryPage me={me} />
        </Suspense>
      )}
    </RequireSignIn>
  );
}

function judgeRoute() {
  return (
    <RequireSignIn>
      {(me) => (
        <Suspense fallback={<LoadingMessage>Loading the judges’ view…</LoadingMessage>}>
          <JudgePage me={me} />
        </Suspense>
      )}
    </RequireSignIn>
  );
}

/**
 * The pages (PRODUCT §6 deep links: /, /signin, /signup, /entries/:id[/sections/:sectionId],
 * /entries/:id/judge, /invitations/:token, /tasks, /settings/notifications, /settings/two-factor, /unsubscribe/:token).
 */
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <RequireSignIn>{() => <DashboardPage />}</RequireSignIn> },
      { path: '/signin', element: <SignInPage /> },
      { path: '/signup', element: <SignUpPage /> },
      { path: '/entries/new', element: <RequireSignIn>{() => <NewEntryPage />}</RequireSignIn> },
      // Custom categories for awards Jointly does not ship (issue 17 item 1).
      { path: '/categories', element: <RequireSignIn>{() => <CategoriesPage />}</RequireSignIn> },
      {
        // One route element for the entry and its section deep links, so moving between
        // sections keeps the page (and its socket) instead of remounting it.
        path: '/entries/:entryId',
        element: entryRoute(),
        children: [
          { index: true, element: null },
          { path: 'sections/:sectionId', element: null },
        ],
      },
      { path: '/entries/:entryId/judge', element: judgeRoute() },
      { path: '/invitations/:token', element: <InvitationPage /> },
      { path: '/tasks', element: <RequireSignIn>{() => <TasksPage />}</RequireSignIn> },
      { path: '/settings/notifications', element: <RequireSignIn>{() => <NotificationSettingsPage />}</RequireSignIn> },
      { path: '/settings/two-factor', element: <RequireSignIn>{() => <TwoFactorSettingsPage />}</RequireSignIn> },
      { path: '/unsubscribe/:token', element: <UnsubscribePage /> },
      // Your organisation (issue 15): its details; for its admins its members, domains, identifiers, entries.
      { path: '/organisation', element: <RequireSignIn>{(me) => <OrganisationPage me={me} />}</RequireSignIn> },
      // An organisation's two-factor requirement and audit log, for its admins (issue 15).
      {
        path: '/organisation/security',
        element: <RequireSignIn>{(me) => <OrganisationSecurityPage me={me} />}</RequireSignIn>,
      },
      // Account recovery and management (issue 15); the e-mailed links need no sign-in.
      { path: '/account', element: <RequireSignIn>{(me) => <AccountPage me={me} />}</RequireSignIn> },
      { path: '/forgotten-password', element: <ForgottenPasswordPage /> },
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      { path: '/verify-email/:token', element: <AccountLinkPage kind="verify-email" /> },
      { path: '/confirm-email/:token', element: <AccountLinkPage kind="email-change" /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
