import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { SessionProvider } from './auth/SessionProvider.tsx';
import { Layout } from './components/layout/Layout.tsx';
import { LoadingMessage } from './components/layout/LoadingMessage.tsx';
import { RequireSignIn } from './components/layout/RequireSignIn.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { NewEntryPage } from './pages/NewEntryPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';

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
 * /entries/:id/judge, /invitations/:token).
 */
const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <RequireSignIn>{() => <DashboardPage />}</RequireSignIn> },
      { path: '/signin', element: <SignInPage /> },
      { path: '/signup', element: <SignUpPage /> },
      { path: '/entries/new', element: <RequireSignIn>{() => <NewEntryPage />}</RequireSignIn> },
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
