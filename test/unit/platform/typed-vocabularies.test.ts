/**
 * Words shared by the server and the web are typed: a misspelt one is a type error (`tsc --noEmit` over the
 * tests fails when an `@ts-expect-error` below stops being an error), and every list holds what it should.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, TARGETLESS_ACTIONS, abilitiesOf, can, noAbilities, type Action } from '../../../src/policy/index.js';
import { ITEM_ACTIONS } from '../../../src/policy/classification.js';
import type { Ability, ItemAction } from '../../../web/src/app/contracts.js';
import type { Can } from '../../../web/src/app/webModule.js';
import type { Actor } from '../../../src/kernel/actor.js';

const secadmin: Actor = {
  id: 's',
  username: 's',
  displayName: 'S',
  departmentId: null,
  adminRole: 'secadmin',
  businessRoles: ['employee'],
  clearanceClass: 'core',
  status: 'active',
  separationUntil: null,
};

describe('actions and abilities are typed', () => {
  it('rejects a misspelt action, ability or item ability at compile time', () => {
    // @ts-expect-error a misspelt action is not an Action
    const action: Action = 'item.raed';
    // @ts-expect-error a misspelt ability is not an Ability
    const ability: Ability = 'classification.mange';
    // @ts-expect-error an item action is not asked without its item
    const targetless: Ability = 'item.read';
    // @ts-expect-error a misspelt item ability
    const onItem: ItemAction = 'item.dowload';
    const ask: Can = () => true;
    // @ts-expect-error the web's `can` takes abilities only
    ask('user.manag');
    expect([action, ability, targetless, onItem]).toHaveLength(4);
  });

  it('lists every action once, and the abilities are exactly the targetless ones', () => {
    expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
    expect(Object.keys(abilitiesOf(secadmin)).sort()).toEqual([...TARGETLESS_ACTIONS].sort());
    expect(Object.values(noAbilities()).every((v) => v === false)).toBe(true);
    for (const a of ITEM_ACTIONS) expect(TARGETLESS_ACTIONS).not.toContain(a);
  });

  it('refuses an item or approval action asked without its target, instead of guessing the rules', () => {
    for (const a of ITEM_ACTIONS) expect(can(secadmin, a)).toBe(false);
    expect(can(secadmin, 'approval.decide')).toBe(false);
    expect(can(secadmin, 'classification.manage')).toBe(true);
  });
});
