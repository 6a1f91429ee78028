import type { Actor } from '../kernel/actor.js';
import { can, refusal, type Action, type Resource } from '../policy/index.js';
import { actorOf, auditAlone, isSystem, type AppContext, type AuditFields, type RequestContext } from './context.js';
import { type AppError, forbidden, notFound } from './errors.js';

/** The refused attempt as the audit trail records it (`result: 'denied'` is added). */
export type RefusedEvent = Omit<AuditFields, 'result'>;

export interface AuthorizeOptions {
  /** The event recorded when the policy refuses. */
  audit: RefusedEvent;
  /**
   * May the actor know the target exists? When not, the refusal answers 404 "not found or no access" (and the
   * event says `not_found_or_no_access`), so a refusal tells nothing a list would not. `true`: never say it
   * exists; an action: say so (403) only to whoever the policy lets do that action on the target.
   */
  hideExistence?: boolean | Action;
  /** The local operator (CLI, no actor) may do this: it has the database in hand. Default: refused as unsigned. */
  allowSystem?: boolean;
  /** The actor with its access profile (`withAccess`), when the rule needs it; default the request's actor. */
  actor?: Actor;
  /** The message of the 403 answer, or how to word it from the policy's refusal code. */
  message?: string | ((refusal: string) => string);
}

/**
 * Asks the policy; when it refuses, records the refused attempt (its own transaction, so the record survives
 * the refusal) and throws 404 when the actor may not know the target exists, else 403. The one place the
 * "ask `can`, audit the refusal, answer" step lives: services call this, never `can` followed by their own
 * audit and throw.
 */
export async function authorize(
  ctx: AppContext,
  rc: RequestContext,
  action: Action,
  resource: Resource,
  opts: AuthorizeOptions,
): Promise<void> {
  if (opts.allowSystem && isSystem(rc)) return;
  const actor = opts.actor ?? actorOf(rc);
  const why = refusal(actor, action, resource);
  if (why === null) return;
  const message = typeof opts.message === 'function' ? opts.message(why) : opts.message;
  if (opts.hideExistence === undefined || opts.hideExistence === false)
    return refuse(ctx, rc, opts.audit, forbidden(message));
  const hidden = opts.hideExistence === true || !can(actor, opts.hideExistence, resource);
  await refuse(
    ctx,
    rc,
    {
      ...opts.audit,
      details: { reason: hidden ? 'not_found_or_no_access' : 'forbidden', ...opts.audit.details },
    },
    hidden ? notFound() : forbidden(message),
  );
}

/**
 * Records a refused attempt and throws `error`. For refusals decided before the policy can be asked (the target
 * does not exist: 404 like a hidden one) or decided by a domain rule's refusal code.
 */
export async function refuse(
  ctx: AppContext,
  rc: RequestContext,
  event: RefusedEvent,
  error: AppError,
): Promise<never> {
  await auditAlone(ctx, rc, { ...event, result: 'denied' });
  throw error;
}
