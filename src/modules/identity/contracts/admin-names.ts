import type { AdminRole } from '../../../kernel/roles.js';

/**
 * The display names the first start gives the three administrators' accounts: what the organisation calls the
 * posts (三员), so the trail, the approval pages and the notices name a person, not a role code. The local
 * operator renames an account to the person holding the post (`baomi user rename`). A contract: the web greets an
 * administrator still so named by the role's name in English.
 */
export const ADMIN_DISPLAY_NAMES: Record<AdminRole, string> = {
  sysadmin: '系统管理员',
  secadmin: '安全保密管理员',
  auditor: '安全审计员',
};
