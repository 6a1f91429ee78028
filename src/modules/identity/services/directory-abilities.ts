import type { Actor } from '../../../kernel/actor.js';
import type { AdminRole } from '../../../kernel/roles.js';
import { can } from '../../../policy/index.js';
import type { DirectoryEntry } from '../contracts/directory.js';

/**
 * What the reader may do to an account, for the row's action menu: decided on the real row (the admin role too,
 * which not every reader may see); only the administrators get any true here, and each of them may see what
 * decides it.
 */
export function accountAbilities(
  actor: Actor,
  user: { id: string; adminRole?: AdminRole | null },
): DirectoryEntry['abilities'] {
  const target = { kind: 'user', id: user.id, adminRole: user.adminRole ?? null } as const;
  return {
    manage: can(actor, 'user.manage', target),
    security: can(actor, 'user.assign_admin_role', target) || can(actor, 'user.assign_clearance', target),
    handOver: can(actor, 'user.hand_over', target),
  };
}
