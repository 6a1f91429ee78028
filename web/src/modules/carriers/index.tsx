import { ContainerOutlined, SafetyOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { Can, WebModule, WebRequestType } from '../../app/webModule.js';
import { lazyComponent, lazyPage } from '../../app/lazyPage.js';
import { CARRIER_APPROVER_GROUPS, CARRIER_REQUEST_TYPES } from '../../../../src/kernel/carriers.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';

/** The request page's view of the target and payload, loaded with the approval pages that show it. */
const CarrierRequestDetails = lazyComponent(() =>
  import('./components/RequestDetails.js').then((m) => m.CarrierRequestDetails),
);

// The register is for everyone who may handle classified carriers: not for the sysadmin or auditor (三员).
const registerVisible = (can: Can) => can('carrier.view_register');

/**
 * Carriers' request types on the approval pages (carry-out, archive, longer loan, showing outside the scope):
 * named by the texts the server's notices use, their target a carrier, which gives the chains its custodian.
 */
const carrierRequest = (type: string): WebRequestType => ({
  label: `carriers:requestType.${type}`,
  groups: Object.fromEntries(CARRIER_APPROVER_GROUPS.map((g) => [g, `carriers:approverGroup.${g}`])),
  targetPath: (r) => `/carriers/${r.targetId}`,
  details: CarrierRequestDetails,
  refreshes: [['carriers'], ['workbench']],
});

/** Classified carriers (涉密载体): the register and its ledgers, storage locations, designated handlers, settings. */
export const carriers: WebModule = {
  name: 'carriers',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'carriers', element: lazyPage(() => import('./pages/CarriersPage.js').then((m) => m.CarriersPage)) },
    {
      path: 'carriers/new',
      element: lazyPage(() => import('./pages/CarrierRegisterPage.js').then((m) => m.CarrierRegisterPage)),
    },
    {
      path: 'carriers/:id',
      element: lazyPage(() => import('./pages/CarrierDetailPage.js').then((m) => m.CarrierDetailPage)),
    },
    {
      path: 'storage-locations',
      element: lazyPage(() => import('./pages/LocationsPage.js').then((m) => m.LocationsPage)),
    },
    {
      path: 'carrier-handlers',
      element: lazyPage(() => import('./pages/HandlersPage.js').then((m) => m.HandlersPage)),
    },
    {
      path: 'carrier-settings',
      element: lazyPage(() => import('./pages/CarrierSettingsPage.js').then((m) => m.CarrierSettingsPage)),
    },
  ],
  nav: [
    {
      key: 'carriers',
      path: '/carriers',
      icon: <ContainerOutlined />,
      label: 'carriers:nav.carriers',
      group: 'carriers',
      order: 15,
      visible: registerVisible,
    },
    {
      key: 'storage-locations',
      path: '/storage-locations',
      icon: <SafetyOutlined />,
      label: 'carriers:nav.locations',
      group: 'carriers',
      order: 16,
      visible: (can) => can('carrier.view_locations'),
    },
    {
      key: 'carrier-handlers',
      path: '/carrier-handlers',
      icon: <TeamOutlined />,
      label: 'carriers:nav.handlers',
      group: 'carriers',
      order: 17,
      visible: (can) => can('carrier.manage_handlers') || can('carrier.view_department_ledger'),
    },
    {
      key: 'carrier-settings',
      path: '/carrier-settings',
      icon: <SettingOutlined />,
      label: 'carriers:nav.settings',
      group: 'carriers',
      order: 91,
      visible: (can) => can('carrier.manage_settings'),
    },
  ],
  requestTypes: Object.fromEntries(CARRIER_REQUEST_TYPES.map((type) => [type, carrierRequest(type)])),
};
