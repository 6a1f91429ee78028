import type { Actor } from '../../kernel/actor.js';
import { REQUEST_TYPE_PATTERN, type ChainTier, type RequestStatus, type StepPolicy } from '../../kernel/approvals.js';
import type { Level } from '../../kernel/levels.js';
import type { AppContext, RequestContext } from '../context.js';
import type { Trx } from '../audit/audit-repo.js';
import type { Db } from '../db/database.js';
import { MODULES } from '../modules.js';
import type { ApprovalRequestTable } from './schema.js';

export type RequestRow = ApprovalRequestTable;

/** What a viewer may see of a request's target in lists: the module decides (and redacts). */
export interface TargetView {
  /** The target's own reference (an item's number): shown to everyone who may see the request. */
  reference: string;
  title: string | null;
  level: Level | null;
}

/** Where a request's approvers are now: the department its department groups are sought from, and its target's own groups. */
export interface TargetGroups {
  departmentId: string | null;
  /** Holders of the groups the target defines (`custodian`: [id]); groups it does not define are absent. */
  holders: Record<string, readonly string[]>;
}

/**
 * A request type a module registers with the engine (listed in the module's `requestTypes`). The engine names
 * no module: it asks the type for everything about the target. Lock order everywhere: the request, then the
 * target, then the audit head.
 */
export interface RequestTypeDef {
  /** `<module>.<verb>`, e.g. `classification.reclassify`. */
  type: string;
  /** What the request points at (`secret_item`): also the audit target type of the target. */
  targetType: string;
  /** The groups the target gives its chains (besides the organisation's), e.g. `custodian`. */
  targetGroups: readonly string[];
  /** The chain by tier until the security administrator changes it. */
  defaultChain: Record<ChainTier, StepPolicy[]>;
  /** Checks the target exists (and locks it) inside the submitting transaction: no request dangles. */
  lockTarget(trx: Trx, ctx: AppContext, targetId: string): Promise<boolean>;
  /** Where the approver groups of a request are now (at submission and whenever a decision is checked). */
  groupsOf(q: Db | Trx, req: RequestRow): Promise<TargetGroups>;
  /** What the viewer may see of each request's target (by request id); a missing entry shows the reference only. */
  describe(q: Db | Trx, reqs: readonly RequestRow[], viewer: Actor): Promise<Map<string, TargetView>>;
  /** The target's particulars for the request page, or null when this viewer may not see them. */
  details?(ctx: AppContext, req: RequestRow, viewer: Actor): Promise<Record<string, unknown> | null>;
  /** The effect of an approved request, in the transaction of its last approval. */
  onApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow): Promise<void>;
  /** What a request that ended unapproved leaves behind (a proposal withdrawn...). */
  onEnded?(
    trx: Trx,
    ctx: AppContext,
    rc: RequestContext,
    req: RequestRow,
    status: Exclude<RequestStatus, 'pending' | 'approved'>,
  ): Promise<void>;
}

const extra = new Map<string, RequestTypeDef>();
let fromModules: Map<string, RequestTypeDef> | undefined;

function registry(): Map<string, RequestTypeDef> {
  fromModules ??= index(MODULES.flatMap((m) => m.requestTypes ?? []));
  return fromModules;
}

function index(defs: readonly RequestTypeDef[]): Map<string, RequestTypeDef> {
  const out = new Map<string, RequestTypeDef>();
  for (const d of defs) {
    if (!REQUEST_TYPE_PATTERN.test(d.type)) throw new Error(`Request type ${d.type} is not <module>.<verb>`);
    if (out.has(d.type) || extra.has(d.type)) throw new Error(`Request type ${d.type} is registered twice`);
    out.set(d.type, d);
  }
  return out;
}

/**
 * Registers request types of a module outside `MODULES` (a plug-in, or a test's own module). The modules of
 * the installation register theirs through `BaomiModule.requestTypes`.
 */
export function registerRequestTypes(defs: readonly RequestTypeDef[]): void {
  for (const [type, d] of index(defs)) {
    if (registry().has(type)) throw new Error(`Request type ${type} is registered twice`);
    extra.set(type, d);
  }
}

export function findRequestType(type: string): RequestTypeDef | undefined {
  return registry().get(type) ?? extra.get(type);
}

/** The definition of a stored request's type; a type nobody registers any more is a deployment error. */
export function requestTypeOf(type: string): RequestTypeDef {
  const d = findRequestType(type);
  if (!d) throw new Error(`No module registers the request type ${type}`);
  return d;
}

export function requestTypes(): RequestTypeDef[] {
  return [...registry().values(), ...extra.values()];
}
