import type { Trx } from '../../../platform/audit/audit-repo.js';
import { resolveTaskNoticesOf } from '../../../platform/notifications/notification-service.js';

/**
 * The task of a person's 「请签署」 notices of an agreement: signing its current version, in the browser or on
 * paper. Every version's notice of the template is done once the person has signed.
 */
export function agreementTask(templateId: string): string {
  return `people.agreement:${templateId}`;
}

/** The person signed the agreement (`templateId`): their notices asking for it are done. */
export async function agreementSigned(trx: Trx, templateId: string, userId: string, at: string): Promise<void> {
  await resolveTaskNoticesOf(trx, agreementTask(templateId), at, userId);
}
