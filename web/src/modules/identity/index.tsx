import {
  ApartmentOutlined,
  ImportOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { RequireStage } from '../../app/auth.js';
import type { WebModule } from '../../app/webModule.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { DepartmentsPage } from './pages/DepartmentsPage.js';
import { ImportPage } from './pages/ImportPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { MfaEnrolPage } from './pages/MfaEnrolPage.js';
import { MfaPage } from './pages/MfaPage.js';
import { PasswordChangePage } from './pages/PasswordChangePage.js';
import { PolicyPage } from './pages/PolicyPage.js';
import { ProfilePage } from './pages/ProfilePage.js';
import { RolesPage } from './pages/RolesPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { TokensPage } from './pages/mfa/TokensPage.js';

/** Sign-in and its steps, departments, users, roles, the account policy and the profile. */
export const identity: WebModule = {
  name: 'identity',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  publicRoutes: [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/login/mfa',
      element: (
        <RequireStage stage="mfa">
          <MfaPage />
        </RequireStage>
      ),
    },
    {
      path: '/login/password',
      element: (
        <RequireStage stage="password_change">
          <PasswordChangePage />
        </RequireStage>
      ),
    },
    {
      path: '/login/mfa-enrol',
      element: (
        <RequireStage stage="mfa_enrol">
          <MfaEnrolPage />
        </RequireStage>
      ),
    },
  ],
  routes: [
    { path: 'departments', element: <DepartmentsPage /> },
    { path: 'users', element: <UsersPage /> },
    { path: 'directory/import', element: <ImportPage /> },
    { path: 'roles', element: <RolesPage /> },
    { path: 'otp-tokens', element: <TokensPage /> },
    { path: 'settings/account-policy', element: <PolicyPage /> },
    { path: 'profile', element: <ProfilePage /> },
  ],
  nav: [
    {
      key: 'departments',
      path: '/departments',
      icon: <ApartmentOutlined />,
      label: 'identity:nav.departments',
      order: 50,
      visible: (can) => can('department.view') || can('department.manage'),
    },
    {
      key: 'users',
      path: '/users',
      icon: <TeamOutlined />,
      label: 'identity:nav.users',
      order: 60,
      visible: (can) =>
        can('user.manage') || can('user.assign_admin_role') || can('user.assign_clearance') || can('user.view'),
    },
    {
      key: 'import',
      path: '/directory/import',
      icon: <ImportOutlined />,
      label: 'identity:nav.import',
      order: 65,
      visible: (can) => can('user.manage') && can('department.manage'),
    },
    {
      key: 'otp-tokens',
      path: '/otp-tokens',
      icon: <KeyOutlined />,
      label: 'identity:mfa.tokens.nav',
      order: 67,
      visible: (can) => can('otp_token.manage'),
    },
    {
      key: 'roles',
      path: '/roles',
      icon: <SafetyCertificateOutlined />,
      label: 'identity:nav.roles',
      order: 70,
      visible: (can) => can('user.manage') || can('user.assign_admin_role') || can('settings.view'),
    },
    {
      key: 'policy',
      path: '/settings/account-policy',
      icon: <SettingOutlined />,
      label: 'identity:nav.policy',
      order: 80,
      visible: (can) => can('settings.view') || can('settings.manage'),
    },
    {
      key: 'profile',
      path: '/profile',
      icon: <UserOutlined />,
      label: 'identity:nav.profile',
      order: 120,
      visible: () => true,
    },
  ],
};
