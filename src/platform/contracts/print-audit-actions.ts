import type { VocabularyText } from './audit-actions.js';

/**
 * The printouts the platform's own parts make (a module's printouts are its own actions, e.g. classification's
 * `item.print`), with their texts; merged into the audit vocabulary like a module's.
 */
export const PRINT_AUDIT_ACTIONS = {
  'approval.print': { 'zh-CN': '打印审批表', 'en-US': 'Print an approval form' },
} as const satisfies Record<string, VocabularyText>;

declare module './audit-actions.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AuditActionRegistry extends Record<keyof typeof PRINT_AUDIT_ACTIONS, true> {}
}
