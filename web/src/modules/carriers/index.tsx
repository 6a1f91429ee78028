import { ContainerOutlined, SafetyOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { Can, WebModule, WebRequestType } from '../../app/webModule.js';
import { CARRIER_APPROVER_GROUPS, CARRIER_REQUEST_TYPES } from '../../../../src/kernel/carriers.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { CarrierRequestDetails } from './components/RequestDetails.js';
import { CarrierDetailPage } from './pages/CarrierDetailPage.js';
import { CarrierRegisterPage } from './pages/CarrierRegisterPage.js';
import { CarrierSettingsPage } from './pages/CarrierSettingsPage.js';
import { CarriersPage } from './pages/CarriersPage.js';
import { HandlersPage } from './pages/HandlersPage.js';
import { LocationsPage } from './pages/LocationsPage.js';

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
    { path: 'carriers', element: <CarriersPage /> },
    { path: 'carriers/new', element: <CarrierRegisterPage /> },
    { path: 'carriers/:id', element: <CarrierDetailPage /> },
    { path: 'storage-locations', element: <LocationsPage /> },
    { path: 'carrier-handlers', element: <HandlersPage /> },
    { path: 'carrier-settings', element: <CarrierSettingsPage /> },
  ],
  nav: [
    {
      key: 'carriers',
      path: '/carriers',
      icon: <ContainerOutlined />,
      label: 'carriers:nav.carriers',
      order: 15,
      visible: registerVisible,
    },
    {
      key: 'storage-locations',
      path: '/storage-locations',
      icon: <SafetyOutlined />,
      label: 'carriers:nav.locations',
      order: 16,
      visible: (can) => can('carrier.view_locations'),
    },
    {
      key: 'carrier-handlers',
      path: '/carrier-handlers',
      icon: <TeamOutlined />,
      label: 'carriers:nav.handlers',
      order: 17,
      visible: (can) => can('carrier.manage_handlers') || can('carrier.view_department_ledger'),
    },
    {
      key: 'carrier-settings',
      path: '/carrier-settings',
      icon: <SettingOutlined />,
      label: 'carriers:nav.settings',
      order: 91,
      visible: (can) => can('carrier.manage_settings'),
    },
  ],
  requestTypes: Object.fromEntries(CARRIER_REQUEST_TYPES.map((type) => [type, carrierRequest(type)])),
};
