import type { Can, NavGroup, WebNavEntry, WebPage } from '../webModule.js';

/**
 * The menu's areas, in menu order (工作台 first: the person's own work; the administrators' areas last). An
 * entry's `group` names one; the shell shows each area's entries under its heading.
 */
export const NAV_GROUPS: readonly NavGroup[] = [
  'workbench',
  'classification',
  'carriers',
  'people',
  'training',
  'system',
  'audit',
];

export interface MenuArea {
  group: NavGroup;
  entries: WebNavEntry[];
}

/** The entries the person may see, by area in menu order, each area's entries by their `order`; empty areas go. */
export function menuAreas(entries: readonly WebNavEntry[], can: Can): MenuArea[] {
  const visible = entries.filter((e) => e.visible(can)).sort((x, y) => x.order - y.order);
  return NAV_GROUPS.map((group) => ({ group, entries: visible.filter((e) => e.group === group) })).filter(
    (a) => a.entries.length > 0,
  );
}

/** Where a path is: the page (menu entry or other named page) whose path is its longest prefix, and what lies below. */
export interface PagePlace<P extends WebPage = WebPage> {
  page: P | null;
  /** The part of the path below the page's own (`/items/new` under 保密事项: `new`); '' on the page itself. */
  rest: string;
}

const isUnder = (pathname: string, path: string): boolean =>
  path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);

/**
 * The page a path belongs to. The longest prefix wins: /training/courses/1 is 培训课程's, not 我的培训's
 * (/training); /audit/settings is 审计设置's, not 审计日志's.
 */
export function placeOf<P extends WebPage>(pathname: string, pages: readonly P[]): PagePlace<P> {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: P | null = null;
  for (const p of pages) if (isUnder(path, p.path) && (!best || p.path.length > best.path.length)) best = p;
  if (!best) return { page: null, rest: '' };
  return { page: best, rest: best.path === '/' ? '' : path.slice(best.path.length).replace(/^\//, '') };
}

/** What a sub-path is, for the last breadcrumb: a form for a new one (`new`), otherwise one thing's details. */
export function subPageKind(rest: string): 'new' | 'detail' | null {
  if (!rest) return null;
  return rest === 'new' || rest.endsWith('/new') ? 'new' : 'detail';
}
