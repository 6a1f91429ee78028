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
import { lazyPage } from '../../app/lazyPage.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { LoginPage } from './pages/LoginPage.js';

/** Sign-in and its steps, departments, users, roles, the account policy and the profile. */
export const identity: WebModule = {
  name: 'identity',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  publicRoutes: [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/login/mfa',
      element: (
        <RequireStage stage="mfa">{lazyPage(() => import('./pages/MfaPage.js').then((m) => m.MfaPage))}</RequireStage>
      ),
    },
    {
      path: '/login/password',
      element: (
        <RequireStage stage="password_change">
          {lazyPage(() => import('./pages/PasswordChangePage.js').then((m) => m.PasswordChangePage))}
        </RequireStage>
      ),
    },
    {
      path: '/login/mfa-enrol',
      element: (
        <RequireStage stage="mfa_enrol">
          {lazyPage(() => import('./pages/MfaEnrolPage.js').then((m) => m.MfaEnrolPage))}
        </RequireStage>
      ),
    },
  ],
  routes: [
    {
      path: 'departments',
      element: lazyPage(() => import('./pages/DepartmentsPage.js').then((m) => m.DepartmentsPage)),
    },
    { path: 'users', element: lazyPage(() => import('./pages/UsersPage.js').then((m) => m.UsersPage)) },
    { path: 'directory/import', element: lazyPage(() => import('./pages/ImportPage.js').then((m) => m.ImportPage)) },
    { path: 'roles', element: lazyPage(() => import('./pages/RolesPage.js').then((m) => m.RolesPage)) },
    { path: 'otp-tokens', element: lazyPage(() => import('./pages/mfa/TokensPage.js').then((m) => m.TokensPage)) },
    {
      path: 'settings/account-policy',
      element: lazyPage(() => import('./pages/PolicyPage.js').then((m) => m.PolicyPage)),
    },
    { path: 'profile', element: lazyPage(() => import('./pages/ProfilePage.js').then((m) => m.ProfilePage)) },
  ],
  nav: [
    {
      key: 'departments',
      path: '/departments',
      icon: <ApartmentOutlined />,
      label: 'identity:nav.departments',
      group: 'system',
      order: 50,
      visible: (can) => can('department.view') || can('department.manage'),
    },
    {
      key: 'users',
      path: '/users',
      icon: <TeamOutlined />,
      label: 'identity:nav.users',
      group: 'system',
      order: 60,
      visible: (can) =>
        can('user.manage') || can('user.assign_admin_role') || can('user.assign_clearance') || can('user.view'),
    },
    {
      key: 'import',
      path: '/directory/import',
      icon: <ImportOutlined />,
      label: 'identity:nav.import',
      group: 'system',
      order: 65,
      visible: (can) => can('user.manage') && can('department.manage'),
    },
    {
      key: 'otp-tokens',
      path: '/otp-tokens',
      icon: <KeyOutlined />,
      label: 'identity:mfa.tokens.nav',
      group: 'system',
      order: 67,
      visible: (can) => can('otp_token.manage'),
    },
    {
      key: 'roles',
      path: '/roles',
      icon: <SafetyCertificateOutlined />,
      label: 'identity:nav.roles',
      group: 'system',
      order: 70,
      visible: (can) => can('user.manage') || can('user.assign_admin_role') || can('settings.view'),
    },
    {
      key: 'policy',
      path: '/settings/account-policy',
      icon: <SettingOutlined />,
      label: 'identity:nav.policy',
      group: 'system',
      order: 80,
      visible: (can) => can('settings.view') || can('settings.manage'),
    },
    {
      key: 'profile',
      path: '/profile',
      icon: <UserOutlined />,
      label: 'identity:nav.profile',
      group: 'workbench',
      order: 120,
      visible: () => true,
    },
  ],
};
