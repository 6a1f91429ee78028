import type { Actor } from '../kernel/actor.js';
import { AT_REST_STATUSES, type CarrierStatus, type HandlerDuty } from '../kernel/carriers.js';
import type { Level } from '../kernel/levels.js';
import { excludedFromContent } from '../kernel/roles.js';
import { scopeMatches, type ScopeEntry } from '../kernel/secret-item.js';
import { itemListFilter, type ItemListFilter } from './classification.js';

/**
 * The access rules for classified carriers (涉密载体): part of the one policy. A person knows a carrier (sees its
 * title and particulars) when cleared for its level (no read-up) and one of: its custodian; holding it now
 * (borrower, bearer of a carry-out, a reader of its circulation, the recipient it is in transit to); named by its
 * own scope (person, department with sub-departments, role); knowing its linked secret item (the catalogue's
 * `item.view_metadata`); the department head or confidentiality officer of its department (or a parent: the
 * department ledger), or the security administrator (the unit ledger).
 *
 * The ledgers show more rows than their reader may know: a department head or officer sees every carrier of
 * their department, and the security administrator every carrier, but a row above the reader's clearance shows
 * its number, level, custodian and location only (`carrier.view_entry` without `carrier.view`).
 *
 * Producing, receiving and dispatching, transmitting and carrying out are for designated handlers (指定人员) of
 * the carrier's department (CAR-03), checked here on the action itself, whatever an approval says.
 * 三员: the system administrator and the auditor see no carriers.
 */
export const CARRIER_ACTIONS = [
  'carrier.view_entry',
  'carrier.view',
  'carrier.edit',
  'carrier.finalise',
  'carrier.lend',
  'carrier.return',
  'carrier.extend_loan',
  'carrier.circulate',
  'carrier.sign_circulation',
  'carrier.show_outside',
  'carrier.dispatch',
  'carrier.transmit',
  'carrier.sign_for',
  'carrier.carry_out',
  'carrier.record_carry_out',
  'carrier.transfer',
  'carrier.archive',
] as const;
export type CarrierAction = (typeof CARRIER_ACTIONS)[number];

/** Carrier actions without a particular carrier (the UI's abilities). */
export const CARRIER_TARGETLESS_ACTIONS = [
  'carrier.view_register',
  'carrier.view_department_ledger',
  'carrier.view_unit_ledger',
  'carrier.view_locations',
  'carrier.manage_locations',
  'carrier.manage_handlers',
  'carrier.manage_settings',
] as const;
export type CarrierTargetlessAction = (typeof CARRIER_TARGETLESS_ACTIONS)[number];

/** Actions about one department's carriers: its ledger and its designated handlers. */
export const CARRIER_DEPARTMENT_ACTIONS = ['carrier.view_department_ledger', 'carrier.manage_handlers'] as const;
export type CarrierDepartmentAction = (typeof CARRIER_DEPARTMENT_ACTIONS)[number];

export interface CarrierResource {
  kind: 'carrier';
  id: string;
  level: Level;
  accessRank: number;
  status: CarrierStatus;
  custodianId: string;
  /** The borrower of its active loan. */
  borrowerId: string | null;
  /** Who carries it out (an approved or running carry-out). */
  bearerId: string | null;
  /** The internal recipient it is in transit to, who has not signed for it yet. */
  recipientId: string | null;
  /** Readers of its open circulation who have not signed off yet. */
  readerIds: readonly string[];
  /** Its department first, then each parent (the ledgers it appears in). */
  departmentPath: readonly string[];
  scope: readonly ScopeEntry[];
  /** Whether the actor may know its linked secret item; null when it has none. */
  linkedItemKnown: boolean | null;
  /** The actor's duties as a designated handler of the carrier's department. */
  duties: readonly HandlerDuty[];
}

/** A department's carriers (its ledger, its handlers): the department and each parent. */
export interface CarrierDepartmentResource {
  kind: 'carrier_department';
  departmentId: string;
  departmentPath: readonly string[];
}

export type CarrierRefusal =
  | 'content_excluded'
  | 'no_access_profile'
  | 'above_clearance'
  | 'not_in_scope'
  | 'not_custodian'
  | 'not_designated'
  | 'not_yours'
  | 'wrong_status'
  | 'not_permitted';

const leads = (a: Actor) => a.businessRoles.includes('dept_head') || a.businessRoles.includes('dept_officer');
const heads = (a: Actor) => a.businessRoles.includes('dept_head');

/** Does the actor keep this department's ledger (head or officer of it or a parent; the security office)? */
function keepsLedger(actor: Actor, departmentPath: readonly string[]): boolean {
  if (actor.adminRole === 'secadmin') return true;
  return leads(actor) && actor.departmentId !== null && departmentPath.includes(actor.departmentId);
}

export function carrierRefusal(actor: Actor, action: CarrierAction, c: CarrierResource): CarrierRefusal | null {
  if (excludedFromContent(actor.adminRole)) return 'content_excluded';
  const access = actor.access;
  if (!access) return 'no_access_profile';
  const ledger = keepsLedger(actor, c.departmentPath);
  const cleared = c.accessRank <= access.clearanceRank;
  const me = actor.id;
  const custodian = c.custodianId === me;
  const holds = c.borrowerId === me || c.bearerId === me || c.recipientId === me || c.readerIds.includes(me);
  const inScope = scopeMatches(c.scope, { id: me, departmentPath: access.departmentPath, roles: actor.businessRoles });
  const knows = cleared && (custodian || holds || inScope || c.linkedItemKnown === true || ledger);
  // Whoever keeps or holds a carrier sees its entry even when their clearance fell below its level: their personal
  // ledger must list what they physically have (账物相符), though no longer its title or particulars.
  if (action === 'carrier.view_entry') return knows || ledger || custodian || holds ? null : 'not_in_scope';
  if (!cleared) return 'above_clearance'; // no read-up, for every other action and every role
  if (!knows) return 'not_in_scope';
  const officer = ledger && actor.adminRole !== 'secadmin'; // the department's own people
  const status = (...s: CarrierStatus[]) => (s.includes(c.status) ? null : 'wrong_status');
  const either = (ok: boolean, r: CarrierRefusal) => (ok ? null : r);
  const duty = (d: HandlerDuty) => c.duties.includes(d);

  switch (action) {
    case 'carrier.view':
      return null;
    case 'carrier.edit':
      return either(custodian || actor.adminRole === 'secadmin', 'not_custodian') ?? status('draft', 'in_store');
    case 'carrier.finalise':
      return either(custodian, 'not_custodian') ?? status('draft');
    case 'carrier.archive':
      return either(custodian, 'not_custodian') ?? status('in_store');
    case 'carrier.lend':
      return either(custodian || officer, 'not_custodian') ?? status('in_store');
    case 'carrier.return':
      return either(custodian || officer, 'not_custodian') ?? status('on_loan');
    case 'carrier.extend_loan':
      return either(c.borrowerId === me, 'not_yours') ?? status('on_loan');
    case 'carrier.circulate':
      return either(custodian, 'not_custodian') ?? status('in_store');
    case 'carrier.sign_circulation':
      return either(c.readerIds.includes(me), 'not_yours') ?? status('circulating');
    case 'carrier.show_outside':
      return either(custodian || ledger, 'not_custodian') ?? status('draft', 'in_store', 'circulating');
    case 'carrier.dispatch':
      return either(duty('dispatch'), 'not_designated') ?? status('in_store');
    case 'carrier.transmit':
      return either(duty('transmit'), 'not_designated') ?? status('in_store');
    case 'carrier.sign_for':
      return either(c.recipientId === me, 'not_yours') ?? status('in_transit');
    case 'carrier.carry_out':
      // The request: the custodian or a designated bearer asks; the bearer named must be designated too.
      return either(custodian || duty('carry_out'), 'not_designated') ?? status('in_store');
    case 'carrier.record_carry_out':
      return either(custodian || officer || c.bearerId === me, 'not_custodian');
    case 'carrier.transfer':
      return either(ledger, 'not_permitted') ?? (AT_REST_STATUSES.includes(c.status) ? null : 'wrong_status');
  }
}

/** Why the policy refuses an action on a department's carriers, or a carrier action without a target. */
export function carrierDepartmentRefusal(
  actor: Actor,
  action: CarrierTargetlessAction,
  dept: CarrierDepartmentResource | null,
): CarrierRefusal | null {
  if (excludedFromContent(actor.adminRole)) return 'content_excluded';
  const secadmin = actor.adminRole === 'secadmin';
  switch (action) {
    case 'carrier.view_register':
    case 'carrier.view_locations':
      return null;
    case 'carrier.view_unit_ledger':
    case 'carrier.manage_locations':
    case 'carrier.manage_settings':
      return secadmin ? null : 'not_permitted';
    case 'carrier.view_department_ledger':
      if (secadmin) return null;
      if (!dept) return leads(actor) ? null : 'not_permitted';
      return keepsLedger(actor, dept.departmentPath) ? null : 'not_permitted';
    case 'carrier.manage_handlers':
      // The department head names the department's handlers (or the security administrator).
      if (secadmin) return null;
      if (!heads(actor)) return 'not_permitted';
      if (!dept) return null;
      return actor.departmentId !== null && dept.departmentPath.includes(actor.departmentId) ? null : 'not_permitted';
  }
}

/**
 * The register's list filter, derived from the same rules as `carrier.view_entry`: the rows a list, search,
 * count or export may include, as data the repository turns into SQL (a property test checks the two agree).
 * `ledgerDepartmentIds` is the actor's department and every department under it (the directory's, passed in);
 * `maxRank` also decides which rows show their particulars (`carrier.view`). What the person keeps or holds is
 * listed at any rank (as an entry when above their clearance), like their ledgers' rows.
 */
export type CarrierListFilter =
  | { kind: 'none' }
  | { kind: 'all'; maxRank: number }
  | {
      kind: 'scoped';
      maxRank: number;
      userId: string;
      departmentIds: readonly string[];
      roles: readonly string[];
      ledgerDepartmentIds: readonly string[];
      items: ItemListFilter;
    };

export function carrierListFilter(actor: Actor, subtree: readonly string[], at: string): CarrierListFilter {
  if (actor.status !== 'active' || !actor.access || excludedFromContent(actor.adminRole)) return { kind: 'none' };
  const maxRank = actor.access.clearanceRank;
  if (actor.adminRole === 'secadmin') return { kind: 'all', maxRank };
  return {
    kind: 'scoped',
    maxRank,
    userId: actor.id,
    departmentIds: actor.access.departmentPath,
    roles: actor.businessRoles,
    ledgerDepartmentIds: leads(actor) ? subtree : [],
    items: itemListFilter(actor, at),
  };
}

/** Does a listed row show its title and particulars to this reader, or only its entry? */
export function showsParticulars(filter: CarrierListFilter, accessRank: number): boolean {
  return filter.kind !== 'none' && accessRank <= filter.maxRank;
}
