import type { BusinessRole, ClearanceClass } from '../../kernel/roles.js';
import { audit, newId, type AppContext, type RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hashPassword } from '../../platform/crypto/password-hash.js';
import type { Trx } from '../../platform/audit/audit-repo.js';
import { insertUser } from './services/user-service.js';
import { generalManagerSetting, GENERAL_MANAGER_KEY } from './repositories/organisation-repo.js';

/**
 * Identity's part of the demo: the organisation itself, a department tree and people with posts, business
 * roles and clearance classes, inserted through the same user insertion as the API so every record is audited;
 * then the organisation's roles (leaders in charge, the general manager, functional role members), audited.
 */

/** Every demo person signs in with this password (shown by `baomi demo`); never use demo data in production. */
export const DEMO_PASSWORD = 'Demo@2026!baomi';

interface DemoDepartment {
  key: string;
  name: string;
  code: string;
  parent: string | null; // key of the parent; null = the organisation root
}

export interface DemoPerson {
  username: string;
  displayName: string;
  department: string;
  post: string;
  roles: BusinessRole[];
  clearance: ClearanceClass | null;
}

const DEPARTMENTS: DemoDepartment[] = [
  { key: 'gm', name: '总经理办公室', code: 'GMO', parent: null },
  { key: 'sec', name: '保密办公室', code: 'BMB', parent: null },
  { key: 'fin', name: '财务部', code: 'FIN', parent: null },
  { key: 'acc', name: '会计组', code: 'FIN-ACC', parent: 'fin' },
  { key: 'rd', name: '研发中心', code: 'RD', parent: null },
  { key: 'sw', name: '软件部', code: 'RD-SW', parent: 'rd' },
  { key: 'hw', name: '硬件部', code: 'RD-HW', parent: 'rd' },
  { key: 'hr', name: '人力资源部', code: 'HR', parent: null },
  { key: 'mkt', name: '市场部', code: 'MKT', parent: null },
];

const PEOPLE: DemoPerson[] = [
  {
    username: 'wangjianguo',
    displayName: '王建国',
    department: 'gm',
    post: '总经理',
    roles: ['leadership'],
    clearance: 'core',
  },
  {
    username: 'lixiuying',
    displayName: '李秀英',
    department: 'gm',
    post: '副总经理',
    roles: ['leadership'],
    clearance: 'core',
  },
  {
    username: 'chenjing',
    displayName: '陈静',
    department: 'gm',
    post: '总经理秘书',
    roles: ['employee', 'dept_officer'],
    clearance: 'important',
  },
  {
    username: 'zhangwei',
    displayName: '张伟',
    department: 'gm',
    post: '总经理办公室主任',
    roles: ['dept_head'],
    clearance: 'core',
  },
  {
    username: 'liuyang',
    displayName: '刘洋',
    department: 'sec',
    post: '保密办主任',
    roles: ['dept_head'],
    clearance: 'core',
  },
  {
    username: 'zhaomin',
    displayName: '赵敏',
    department: 'sec',
    post: '保密专员',
    roles: ['employee', 'dept_officer'],
    clearance: 'important',
  },
  {
    username: 'sunli',
    displayName: '孙丽',
    department: 'fin',
    post: '财务部经理',
    roles: ['dept_head'],
    clearance: 'important',
  },
  {
    username: 'zhouting',
    displayName: '周婷',
    department: 'acc',
    post: '会计',
    roles: ['employee', 'dept_officer'],
    clearance: 'important',
  },
  {
    username: 'wulei',
    displayName: '吴磊',
    department: 'acc',
    post: '出纳',
    roles: ['employee'],
    clearance: 'general',
  },
  {
    username: 'huangzhiqiang',
    displayName: '黄志强',
    department: 'rd',
    post: '研发中心主任',
    roles: ['dept_head', 'leadership'],
    clearance: 'core',
  },
  {
    username: 'linfeng',
    displayName: '林峰',
    department: 'sw',
    post: '软件部经理',
    roles: ['dept_head'],
    clearance: 'important',
  },
  {
    username: 'hejun',
    displayName: '何俊',
    department: 'sw',
    post: '软件工程师',
    roles: ['employee', 'dept_officer'],
    clearance: 'important',
  },
  {
    username: 'machao',
    displayName: '马超',
    department: 'sw',
    post: '软件工程师',
    roles: ['employee'],
    clearance: 'general',
  },
  {
    username: 'gaojie',
    displayName: '高洁',
    department: 'hw',
    post: '硬件工程师',
    roles: ['employee', 'dept_officer'],
    clearance: 'important',
  },
  {
    username: 'guoxiaoyan',
    displayName: '郭晓燕',
    department: 'hr',
    post: '人力资源部经理',
    roles: ['dept_head', 'dept_officer'],
    clearance: 'general',
  },
  {
    username: 'qianfang',
    displayName: '钱芳',
    department: 'hr',
    post: '人事专员',
    roles: ['employee', 'dept_officer'],
    clearance: 'general',
  },
  {
    username: 'xuming',
    displayName: '徐明',
    department: 'mkt',
    post: '市场部经理',
    roles: ['dept_head'],
    clearance: 'general',
  },
  {
    username: 'yangfan',
    displayName: '杨帆',
    department: 'mkt',
    post: '市场专员',
    roles: ['employee'],
    clearance: null,
  },
];

/** Leaders in charge (主管领导) of the demo departments, by department key; sub-departments inherit. */
const LEADERS_IN_CHARGE: Record<string, string> = {
  gm: 'wangjianguo',
  sec: 'lixiuying',
  fin: 'lixiuying',
  hr: 'lixiuying',
  rd: 'huangzhiqiang',
  mkt: 'wangjianguo',
};
/** The general manager (总经理). */
const GENERAL_MANAGER = 'wangjianguo';
/** Members of the built-in functional roles. */
const FUNCTIONAL_ROLE_MEMBERS: Record<string, string[]> = {
  finance_supervisor: ['sunli'],
  administration_office: ['zhangwei', 'chenjing'],
  it_head: ['linfeng'],
  archive_keeper: ['zhouting'],
};

/** The demo people, for documentation and tests. */
export function demoPeople(): readonly Readonly<DemoPerson>[] {
  return PEOPLE;
}

export interface OrganisationDemo {
  usernames: string[];
  /** Writes the departments and people in the caller's transaction (the platform's, which checked the database is fresh). */
  write: (trx: Trx, rc: RequestContext) => Promise<{ departments: number; users: number }>;
}

/** Hashes the demo password first (scrypt is slow; the writing transaction holds the write lock). */
export async function prepareOrganisationDemo(ctx: AppContext): Promise<OrganisationDemo> {
  const hashes = await Promise.all(PEOPLE.map(() => hashPassword(DEMO_PASSWORD, ctx.config.kdfCost)));
  return {
    usernames: PEOPLE.map((p) => p.username),
    write: async (trx, rc) => {
      const root = await trx
        .selectFrom('departments')
        .select('id')
        .where('parent_id', 'is', null)
        .orderBy('created_at')
        .executeTakeFirst();
      if (!root) throw new AppError('conflict', 'The organisation has no root department');
      const now = ctx.now().toISOString();
      const ids = new Map<string, string>();
      for (const [i, d] of DEPARTMENTS.entries()) {
        const id = newId();
        const parentId = d.parent ? ids.get(d.parent)! : root.id;
        ids.set(d.key, id);
        await trx
          .insertInto('departments')
          .values({
            id,
            parent_id: parentId,
            name: d.name,
            code: d.code,
            sort_order: (i + 1) * 10,
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        await audit(trx, ctx, rc, {
          action: 'department.create',
          targetType: 'department',
          targetId: id,
          details: { name: d.name, parentId, source: 'demo' },
        });
      }

      const userIds: string[] = [];
      for (const [i, p] of PEOPLE.entries()) {
        const id = await insertUser(
          trx,
          ctx,
          rc,
          {
            username: p.username,
            displayName: p.displayName,
            email: null,
            departmentId: ids.get(p.department)!,
            post: p.post,
            businessRoles: p.roles,
          },
          hashes[i]!,
          null,
        );
        userIds.push(id);
        // Demo accounts sign in directly with the known password; the clearance class is part of the demo.
        await trx
          .updateTable('users')
          .set({ clearance_class: p.clearance, must_change_password: 0, updated_at: now })
          .where('id', '=', id)
          .execute();
        if (p.clearance) {
          await audit(trx, ctx, rc, {
            action: 'user.security_update',
            targetType: 'user',
            targetId: id,
            details: { clearanceClass: { from: null, to: p.clearance }, source: 'demo' },
          });
        }
      }
      const byUsername = new Map(PEOPLE.map((p, i) => [p.username, userIds[i]!]));
      await writeOrganisationRoles(trx, ctx, rc, ids, byUsername);
      return { departments: DEPARTMENTS.length, users: PEOPLE.length };
    },
  };
}

/** The demo organisation's roles: leaders in charge, the general manager, and the functional roles' members. */
async function writeOrganisationRoles(
  trx: Trx,
  ctx: AppContext,
  rc: RequestContext,
  departments: ReadonlyMap<string, string>,
  people: ReadonlyMap<string, string>,
): Promise<void> {
  const now = ctx.now().toISOString();
  const source = 'demo';
  for (const [key, username] of Object.entries(LEADERS_IN_CHARGE)) {
    const id = departments.get(key)!;
    await trx
      .updateTable('departments')
      .set((eb) => ({ leader_in_charge_id: people.get(username)!, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await audit(trx, ctx, rc, {
      action: 'organisation.leader_in_charge_set',
      targetType: 'department',
      targetId: id,
      details: { from: null, to: people.get(username)!, toUsername: username, source },
    });
  }
  await generalManagerSetting.save(trx, ctx, 0, { userId: people.get(GENERAL_MANAGER)! });
  generalManagerSetting.invalidate(ctx);
  await audit(trx, ctx, rc, {
    action: 'organisation.general_manager_set',
    targetType: 'settings',
    targetId: GENERAL_MANAGER_KEY,
    details: { from: null, to: people.get(GENERAL_MANAGER)!, toUsername: GENERAL_MANAGER, source },
  });
  for (const [code, usernames] of Object.entries(FUNCTIONAL_ROLE_MEMBERS)) {
    for (const username of usernames) {
      await trx
        .insertInto('functional_role_members')
        .values({ role_code: code, user_id: people.get(username)!, assigned_at: now, assigned_by: null })
        .execute();
      await trx
        .updateTable('functional_roles')
        .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
        .where('code', '=', code)
        .execute();
      await audit(trx, ctx, rc, {
        action: 'organisation.functional_role_member_add',
        targetType: 'functional_role',
        targetId: code,
        details: { userId: people.get(username)!, username, source },
      });
    }
  }
}
