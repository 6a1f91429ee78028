import { useEffect } from 'react';
import { BrowserRouter, Navigate, useRoutes, type RouteObject } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchCsrf, isApiError } from './api/client.js';
import { antdEnUS, antdZhCN } from './antdLocale.js';
import { AuthBridge, RequireFull } from './auth.js';
import { feedback, showError } from './feedback.js';
import { appTheme } from './layout/theme.js';
import { allWebModules } from './modules.js';
import { lazyPage } from './lazyPage.js';
import { RequestTypesProvider, requestTypeRegistry } from './requestTypes.js';

/** Mutations may list error codes they handle themselves: `meta: { quiet: ['stale_version'] }`. */
const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (e, query) => {
      if (!query.meta?.quiet) showError(e);
    },
  }),
  mutationCache: new MutationCache({
    onError: (e, _v, _c, mutation) => {
      const quiet = mutation.meta?.quiet;
      if (Array.isArray(quiet) && isApiError(e) && quiet.includes(e.code)) return;
      showError(e);
    },
  }),
  defaultOptions: {
    queries: {
      retry: (n, e) => !isApiError(e) || (e.code === 'network' && n < 2),
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * Every module's pages: the sign-in steps outside the layout, the rest inside it for a fully signed-in session;
 * an unknown path inside the layout is the shell's not-found page, outside it goes home.
 */
const routes: RouteObject[] = [
  ...allWebModules.flatMap((m) => m.publicRoutes ?? []),
  {
    element: <RequireFull />,
    // The layout is loaded after sign-in (its own chunk, like every page): the sign-in page does not carry it.
    children: [
      {
        element: lazyPage(() => import('./AppLayout.js').then((m) => m.AppLayout)),
        children: allWebModules.flatMap((m) => m.routes),
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];

const requestTypes = requestTypeRegistry(allWebModules);

function AppRoutes() {
  return useRoutes(routes);
}

function FeedbackBridge() {
  const app = AntApp.useApp();
  feedback.current = app;
  return null;
}

export function App() {
  const { i18n } = useTranslation();
  useEffect(() => {
    // Obtain the CSRF token (and cookie) on first load; later responses keep it fresh.
    void fetchCsrf().catch(() => undefined);
  }, []);
  return (
    <ConfigProvider
      locale={i18n.language === 'en-US' ? antdEnUS : antdZhCN}
      theme={appTheme}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <FeedbackBridge />
        <QueryClientProvider client={queryClient}>
          <RequestTypesProvider registry={requestTypes}>
            <BrowserRouter>
              <AuthBridge />
              <AppRoutes />
            </BrowserRouter>
          </RequestTypesProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
