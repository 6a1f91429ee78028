/**
 * The shell's menu by area and the page a path belongs to (web/src/app/layout/nav.ts): the breadcrumb, the tab title
 * and the menu's highlighted entry all come from these.
 */
import { describe, expect, it } from 'vitest';
import { menuAreas, placeOf, subPageKind, NAV_GROUPS } from '../../../web/src/app/layout/nav.js';
import type { Can, NavGroup, WebNavEntry } from '../../../web/src/app/webModule.js';
import type { Ability } from '../../../web/src/app/contracts.js';

const entry = (key: string, path: string, group: NavGroup, order: number, needs?: Ability): WebNavEntry => ({
  key,
  path,
  group,
  order,
  label: `x:${key}`,
  icon: null,
  visible: (can) => !needs || can(needs),
});

const ALL: Can = () => true;
const NONE: Can = () => false;

const ENTRIES = [
  entry('home', '/', 'workbench', 0),
  entry('inbox', '/inbox', 'workbench', 1),
  entry('audit', '/audit', 'audit', 100),
  entry('audit-settings', '/audit/settings', 'audit', 101, 'audit.manage_settings'),
  entry('items', '/items', 'classification', 10),
  entry('training', '/training', 'workbench', 7),
  entry('courses', '/training/courses', 'training', 30),
  entry('users', '/users', 'system', 60, 'user.manage'),
];

describe('placeOf: the page a path is on, and what lies below it', () => {
  it.each([
    ['/', 'home', ''],
    ['/inbox', 'inbox', ''],
    ['/inbox/', 'inbox', ''],
    ['/items/new', 'items', 'new'],
    ['/items/0b6f', 'items', '0b6f'],
    ['/audit/settings', 'audit-settings', ''],
    ['/audit', 'audit', ''],
    ['/training/courses/12', 'courses', '12'],
    ['/training', 'training', ''],
    ['/itemsx', null, ''],
    ['/nowhere', null, ''],
  ])('%s is on %s (below: %j)', (path, key, rest) => {
    const place = placeOf(path, ENTRIES);
    expect(place.page?.key ?? null).toBe(key);
    expect(place.rest).toBe(rest);
  });
});

describe('subPageKind: the last breadcrumb below a page', () => {
  it.each([
    ['', null],
    ['new', 'new'],
    ['tasks/new', 'new'],
    ['0b6f', 'detail'],
    ['tasks/12', 'detail'],
    ['newer', 'detail'],
  ] as const)('%j is %s', (rest, kind) => {
    expect(subPageKind(rest)).toBe(kind);
  });
});

describe('menuAreas: the visible entries by area, in the areas’ order', () => {
  it.each([
    [
      'everything allowed',
      ALL,
      [
        ['workbench', ['home', 'inbox', 'training']],
        ['classification', ['items']],
        ['training', ['courses']],
        ['system', ['users']],
        ['audit', ['audit', 'audit-settings']],
      ],
    ],
    [
      'nothing allowed: areas left empty go',
      NONE,
      [
        ['workbench', ['home', 'inbox', 'training']],
        ['classification', ['items']],
        ['training', ['courses']],
        ['audit', ['audit']],
      ],
    ],
  ] as const)('%s', (_name, can, expected) => {
    const areas = menuAreas(ENTRIES, can);
    expect(areas.map((a) => [a.group, a.entries.map((e) => e.key)])).toEqual(expected);
  });

  it('every area has its place in the menu once', () => {
    expect(new Set(NAV_GROUPS).size).toBe(NAV_GROUPS.length);
  });
});
