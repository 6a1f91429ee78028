import type { ComponentType, ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Texts } from './i18n/index.js';
import type { Ability, RequestDetail, RequestSummary } from './contracts.js';

/** Whether the signed-in person holds an ability (`abilities` of /api/auth/me, computed by the server's `can`). */
export type Can = (ability: Ability) => boolean;

/**
 * The menu's areas (工作台, 定密管理, 载体管理, 人员管理, 培训, 系统管理, 审计): the shell shows each under its heading,
 * in the order of `NAV_GROUPS` (app/layout/nav.ts), and names the area in the breadcrumb.
 */
export type NavGroup = 'workbench' | 'classification' | 'carriers' | 'people' | 'training' | 'system' | 'audit';

/** A named page: its breadcrumb and the browser tab's title come from it (`<label> - 保密管理平台`). */
export interface WebPage {
  path: string;
  /** The i18n key of the page's name, with its namespace: `classification:nav.items`. */
  label: string;
  group: NavGroup;
}

/** One entry of the side menu (also a named page: the pages below its path are its details and forms). */
export interface WebNavEntry extends WebPage {
  /** The menu key; the link's test id is `nav-<key>`, its count badge's `nav-<key>-count`. */
  key: string;
  icon: ReactNode;
  /** Place in the menu: the shell sorts every module's entries by it (tens, to leave room between). */
  order: number;
  /** Who sees the entry; hiding is a courtesy, the page and the server decide. */
  visible: (can: Can) => boolean;
  /** A hook giving the number shown beside the label (things waiting); called only while the entry is shown. */
  useCount?: () => number | undefined;
}

/**
 * A request type a module registers with the approval pages (the server's `<module>.<verb>`, e.g.
 * `classification.reclassify`): its name, the groups its target gives the chains, where its target is shown,
 * and how the request page shows the target and the payload. The approval pages name no module; a type no
 * module registers is shown by its code with a plain view of its payload.
 */
export interface WebRequestType {
  /** The i18n key of the type's name, with its namespace: `classification:requestType.classification.classify`. */
  label: string;
  /** i18n keys (with namespace) of the approver groups the type's target defines: `{ custodian: '…' }`. */
  groups?: Readonly<Record<string, string>>;
  /** The page of the request's target, when the viewer may open it (`/items/<id>`). */
  targetPath?: (request: RequestSummary) => string | null;
  /** Shows the target's particulars (`targetDetails`) and what the request asks (`payload`) on the request page. */
  details?: ComponentType<{ request: RequestDetail }>;
  /** Query keys of what the type's effect changes, refreshed after a decision or a withdrawal (`['items']`). */
  refreshes?: readonly (readonly unknown[])[];
}

/**
 * What a module gives the web app, from its `index.tsx` (the web's `BaomiModule`); `app/modules.ts` lists them
 * and the shell builds the routes and the menu from that list.
 */
export interface WebModule {
  /** The module's name, as on the server; also the i18next namespace of its texts. */
  name: string;
  /** Its `i18n/zh-CN.ts` and `i18n/en-US.ts`: `t('<name>:key')`, or `useTranslation('<name>')` in its own files. */
  texts: Texts;
  /** Pages outside the signed-in layout (the sign-in steps); each guards itself. */
  publicRoutes?: RouteObject[];
  /** Pages inside the layout, for a fully signed-in session; paths relative to `/`. */
  routes: RouteObject[];
  nav: WebNavEntry[];
  /** The approval request types the module owns, by type (`classification.classify`). */
  requestTypes?: Readonly<Record<string, WebRequestType>>;
}
