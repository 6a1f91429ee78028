import type { Trx } from '../../../platform/audit/audit-repo.js';
import {
  openTaskNotices,
  resolveTaskNotices,
  resolveTaskNoticesOf,
} from '../../../platform/notifications/notification-service.js';
import { staleSignNotices, type Obligation } from '../domain/obligations.js';

/**
 * The task of a person's 「请签署」 notices of an agreement: signing its current version, in the browser or on
 * paper. Every version's notice of the template is done once the person has signed.
 */
export const AGREEMENT_TASK_PREFIX = 'people.agreement:';

export function agreementTask(templateId: string): string {
  return `${AGREEMENT_TASK_PREFIX}${templateId}`;
}

/** The template is retired: nobody must sign it any more, so nobody's notice asks it. */
export async function agreementRetired(trx: Trx, templateId: string, at: string): Promise<void> {
  await resolveTaskNotices(trx, agreementTask(templateId), at);
}

/**
 * After a publication changed who must sign what: the 「请签署」 notices of a template that is no longer the
 * person's to sign (a closer letter took its place) are done. `obligationsOf` holds everyone's obligations now.
 */
export async function agreementNoticesReconciled(
  trx: Trx,
  obligationsOf: ReadonlyMap<string, readonly Obligation[]>,
  at: string,
): Promise<void> {
  const open = (await openTaskNotices(trx, AGREEMENT_TASK_PREFIX)).map((n) => ({
    ...n,
    templateId: n.taskKey.slice(AGREEMENT_TASK_PREFIX.length),
  }));
  for (const n of staleSignNotices(open, obligationsOf)) await resolveTaskNoticesOf(trx, n.taskKey, at, n.userId);
}

/** The person signed the agreement (`templateId`): their notices asking for it are done. */
export async function agreementSigned(trx: Trx, templateId: string, userId: string, at: string): Promise<void> {
  await resolveTaskNoticesOf(trx, agreementTask(templateId), at, userId);
}
