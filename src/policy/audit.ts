import type { Actor } from '../kernel/actor.js';

/** The audit trail: part of the one policy. The auditor reads, verifies and exports it all; the other two
 * administrators read their own actions; nobody changes it. */
export const AUDIT_ACTIONS = ['audit.read_all', 'audit.read_own', 'audit.verify', 'audit.export'] as const;
export type AuditPolicyAction = (typeof AUDIT_ACTIONS)[number];

export function auditRefusal(actor: Actor, action: AuditPolicyAction): 'not_permitted' | null {
  const role = actor.adminRole;
  switch (action) {
    case 'audit.read_all':
    case 'audit.verify':
    case 'audit.export':
      return role === 'auditor' ? null : 'not_permitted';
    case 'audit.read_own':
      return role === 'sysadmin' || role === 'secadmin' || role === 'auditor' ? null : 'not_permitted';
  }
}
