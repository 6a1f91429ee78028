import type { CodeTexts } from '../../../platform/contracts/notifications.js';

/*
 * Kept apart from the notices' definitions (which need zod) so that the web imports these labels without zod.
 */
/** The roles' names (the three administrators' and the business roles), shown by notices and the web. */
export const IDENTITY_CODE_TEXTS = {
  role: {
    'zh-CN': {
      sysadmin: '系统管理员',
      secadmin: '安全保密管理员',
      auditor: '安全审计员',
      employee: '普通员工',
      dept_officer: '部门保密员',
      dept_head: '部门负责人',
      leadership: '单位领导',
    },
    'en-US': {
      sysadmin: 'System administrator',
      secadmin: 'Security administrator',
      auditor: 'Security auditor',
      employee: 'Employee',
      dept_officer: 'Department officer',
      dept_head: 'Department head',
      leadership: 'Leadership',
    },
  },
} satisfies CodeTexts;
