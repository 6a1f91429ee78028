import type { Kysely } from 'kysely';

/**
 * The organisation's roles as data (identity's): the leader in charge of each department (主管领导), and the
 * functional roles (财务主管, 行政办公室, 信息化负责人, 档案管理员, and the ones the security administrator adds)
 * with their members. The general manager (总经理) is an organisation setting (`general_manager`), not a table.
 * The four built-in roles are seeded here; their names are as of this migration (later renames are data).
 */
const BUILT_IN = [
  { code: 'finance_supervisor', name_zh: '财务主管', name_en: 'Finance supervisor' },
  { code: 'administration_office', name_zh: '行政办公室', name_en: 'Administration office' },
  { code: 'it_head', name_zh: '信息化负责人', name_en: 'IT head' },
  { code: 'archive_keeper', name_zh: '档案管理员', name_en: 'Archive keeper' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('departments')
    .addColumn('leader_in_charge_id', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('departments_leader_in_charge_idx')
    .on('departments')
    .column('leader_in_charge_id')
    .execute();

  await db.schema
    .createTable('functional_roles')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('functional_role_members')
    .addColumn('role_code', 'text', (c) => c.notNull().references('functional_roles.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    // Null when the system assigned (the demo, the CLI).
    .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('functional_role_members_pk', ['role_code', 'user_id'])
    .execute();
  await db.schema
    .createIndex('functional_role_members_user_idx')
    .on('functional_role_members')
    .column('user_id')
    .execute();

  const now = new Date().toISOString();
  await (db as Kysely<{ functional_roles: Record<string, unknown> }>)
    .insertInto('functional_roles')
    .values(BUILT_IN.map((r) => ({ ...r, built_in: 1, created_at: now, updated_at: now, version: 1 })))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('functional_role_members').execute();
  await db.schema.dropTable('functional_roles').execute();
  await db.schema.dropIndex('departments_leader_in_charge_idx').execute();
  await db.schema.alterTable('departments').dropColumn('leader_in_charge_id').execute();
}
