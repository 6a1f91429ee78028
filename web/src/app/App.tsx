import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchCsrf, isApiError } from './api.js';
import { antdEnUS, antdZhCN } from './antdLocale.js';
import { AuthBridge, RequireFull, RequireStage } from './auth.js';
import { feedback, showError } from './feedback.js';
import { AppLayout } from './AppLayout.js';
import { LoginPage } from '../modules/identity/pages/LoginPage.js';
import { MfaPage } from '../modules/identity/pages/MfaPage.js';
import { PasswordChangePage } from '../modules/identity/pages/PasswordChangePage.js';
import { MfaEnrolPage } from '../modules/identity/pages/MfaEnrolPage.js';
import { HomePage } from './HomePage.js';
import { DepartmentsPage } from '../modules/identity/pages/DepartmentsPage.js';
import { UsersPage } from '../modules/identity/pages/UsersPage.js';
import { RolesPage } from '../modules/identity/pages/RolesPage.js';
import { PolicyPage } from '../modules/identity/pages/PolicyPage.js';
import { ProfilePage } from '../modules/identity/pages/ProfilePage.js';
import { AuditPage } from '../modules/audit/pages/AuditPage.js';
import { InboxPage } from '../modules/classification/pages/InboxPage.js';
import { ItemsPage } from '../modules/classification/pages/ItemsPage.js';
import { ItemProposePage } from '../modules/classification/pages/ItemProposePage.js';
import { ItemDetailPage } from '../modules/classification/pages/ItemDetailPage.js';
import { ApprovalsPage } from '../modules/classification/pages/ApprovalsPage.js';
import { ApprovalDetailPage } from '../modules/classification/pages/ApprovalDetailPage.js';
import { GrantsPage } from '../modules/classification/pages/GrantsPage.js';
import { ReviewsPage } from '../modules/classification/pages/ReviewsPage.js';
import { ReviewTaskPage } from '../modules/classification/pages/ReviewTaskPage.js';
import { ClassificationSettingsPage } from '../modules/classification/pages/ClassificationSettingsPage.js';
import { NotFoundPage } from './NotFoundPage.js';

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
    <ConfigProvider locale={i18n.language === 'en-US' ? antdEnUS : antdZhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        <FeedbackBridge />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthBridge />
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/login/mfa"
                element={
                  <RequireStage stage="mfa">
                    <MfaPage />
                  </RequireStage>
                }
              />
              <Route
                path="/login/password"
                element={
                  <RequireStage stage="password_change">
                    <PasswordChangePage />
                  </RequireStage>
                }
              />
              <Route
                path="/login/mfa-enrol"
                element={
                  <RequireStage stage="mfa_enrol">
                    <MfaEnrolPage />
                  </RequireStage>
                }
              />
              <Route element={<RequireFull />}>
                <Route element={<AppLayout />}>
                  <Route index element={<HomePage />} />
                  <Route path="departments" element={<DepartmentsPage />} />
                  <Route path="users" element={<UsersPage />} />
                  <Route path="roles" element={<RolesPage />} />
                  <Route path="settings/account-policy" element={<PolicyPage />} />
                  <Route path="audit" element={<AuditPage />} />
                  <Route path="inbox" element={<InboxPage />} />
                  <Route path="profile" element={<ProfilePage />} />
                  <Route path="items" element={<ItemsPage />} />
                  <Route path="items/new" element={<ItemProposePage />} />
                  <Route path="items/:id" element={<ItemDetailPage />} />
                  <Route path="approvals" element={<ApprovalsPage />} />
                  <Route path="approvals/:id" element={<ApprovalDetailPage />} />
                  <Route path="grants" element={<GrantsPage />} />
                  <Route path="reviews" element={<ReviewsPage />} />
                  <Route path="reviews/tasks/:id" element={<ReviewTaskPage />} />
                  <Route path="settings/classification" element={<ClassificationSettingsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
