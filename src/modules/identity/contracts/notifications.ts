import { z } from 'zod';
import { ADMIN_ROLES } from '../../../kernel/roles.js';
import { defineNotices, type NoticeParams } from '../../../platform/contracts/notifications.js';

// The texts live apart, without zod, so the web can import them without pulling zod into its first chunk.
export { IDENTITY_CODE_TEXTS } from './code-texts.js';

/**
 * The person a notice is about, by display name (刘洋, not `liuyang`); `username` stays in the parameters for the
 * link. Notices stored before names were added show "—" for the name.
 */
const person = z.string().optional();

/** The notices identity sends, with their texts (the inbox and the e-mail render these). */
export const IDENTITY_NOTICES = defineNotices({
  adminRoleChanged: {
    params: z.object({
      name: person,
      username: z.string(),
      from: z.enum(ADMIN_ROLES).nullable(),
      to: z.enum(ADMIN_ROLES).nullable(),
    }),
    codes: { from: 'role', to: 'role' },
    text: {
      'zh-CN': { title: '管理员角色变更', body: '用户 {{name}} 的管理员角色由 {{from}} 变更为 {{to}}' },
      'en-US': { title: 'Admin role changed', body: 'The admin role of {{name}} changed from {{from}} to {{to}}' },
    },
  },
  needToKnowMoved: {
    params: z.object({ name: person, username: z.string(), department: z.boolean(), roles: z.boolean() }),
    text: {
      'zh-CN': {
        title: '知悉范围随人员变动：{{name}}',
        body: '涉密人员 {{name}} 的部门或业务角色已变更，其按部门和角色可知悉的事项随之改变，请核实是否符合要求',
      },
      'en-US': {
        title: 'Need-to-know moved: {{name}}',
        body: 'The department or business roles of cleared person {{name}} changed; the items their department and roles are in scope of changed with them. Check that this is intended.',
      },
    },
  },
  departmentMoved: {
    params: z.object({ name: z.string() }),
    text: {
      'zh-CN': {
        title: '部门调整：{{name}}',
        body: '部门 {{name}} 在组织结构中的位置已调整，其人员按上级部门可知悉的事项随之改变，请核实是否符合要求',
      },
      'en-US': {
        title: 'Department moved: {{name}}',
        body: 'Department {{name}} has moved in the organisation tree: its people now know the items scoped to its new parent departments, and no longer those scoped only to the old ones. Check that this is intended.',
      },
    },
  },
  userDeparted: {
    params: z.object({ name: person, username: z.string(), separationUntil: z.string().nullable() }),
    text: {
      'zh-CN': { title: '人员离岗', body: '用户 {{name}} 已离岗，脱密期至 {{separationUntil}}；请安排载体移交' },
      'en-US': {
        title: 'Person departed',
        body: '{{name}} has departed; separation period until {{separationUntil}}. Arrange the carrier handover.',
      },
    },
  },
  passwordExpiring: {
    params: z.object({ expiresAt: z.string(), daysLeft: z.number().int() }),
    text: {
      'zh-CN': { title: '密码即将过期', body: '您的密码将于 {{expiresAt}} 过期（剩余 {{daysLeft}} 天），请及时修改' },
      'en-US': {
        title: 'Password expiring soon',
        body: 'Your password expires on {{expiresAt}} ({{daysLeft}} days left); please change it',
      },
    },
  },
});

declare module '../../../platform/contracts/notifications.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface NotificationRegistry extends NoticeParams<typeof IDENTITY_NOTICES> {}
}
