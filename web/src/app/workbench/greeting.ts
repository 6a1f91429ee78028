import type { AdminRole } from '../../../../src/kernel/roles.js';
import { ADMIN_DISPLAY_NAMES } from '../../../../src/modules/identity/contracts/admin-names.js';

/**
 * The name to greet someone by in the reader's language. An administrator's account starts with its post's
 * Chinese name (系统管理员 …, identity's ADMIN_DISPLAY_NAMES); while it still has it, that is a role's name, not a
 * person's, so an English page says the role in English ("System administrator"). A name the person chose is
 * shown as it is, in every language.
 */
export function greetingName(
  user: { displayName: string; adminRole: AdminRole | null },
  lang: string,
  roleName: (role: AdminRole) => string,
): string {
  const role = user.adminRole;
  if (role && !lang.startsWith('zh') && user.displayName === ADMIN_DISPLAY_NAMES[role]) return roleName(role);
  return user.displayName;
}
