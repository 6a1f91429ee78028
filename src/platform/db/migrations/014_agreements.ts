import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Confidentiality agreements (people module): templates the security office writes, their published versions (never
 * changed), the signatures people give (never changed or deleted: a withdrawal is a record of its own; triggers
 * refuse an UPDATE or DELETE on both databases), and the leavers asked for the departure NDA (the leaver list, kept).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('agreement_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // Responsibility letters (and other templates) per department (with its sub-departments) and per post.
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('post', 'text')
    .addColumn('validity_months', 'integer')
    .addColumn('grace_days', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    // The text being edited (Markdown with placeholders) and the duty description (保密职责, PER-08).
    .addColumn('draft_body', 'text', (c) => c.notNull())
    .addColumn('draft_duties', 'text')
    // The number of the latest published version; 0 before the first.
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agreement_templates_kind_idx')
    .on('agreement_templates')
    .columns(['kind', 'status'])
    .execute();

  await db.schema
    .createTable('agreement_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('agreement_templates.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('duties', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addUniqueConstraint('agreement_versions_no', ['template_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('agreement_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('template_id', 'text', (c) => c.notNull().references('agreement_templates.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('agreement_versions.id'))
    .addColumn('act', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    // The day the person signed (organisation's calendar; for paper, the date on the paper).
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    // The exact text the person signed (sanitised HTML, placeholders filled in) and its hash.
    .addColumn('rendered_html', 'text')
    .addColumn('text_hash', 'text')
    .addColumn('hash_alg', 'text')
    .addColumn('client_ip', 'text')
    // A paper signature's scan in the encrypted blob folder.
    .addColumn('blob_id', 'text')
    .addColumn('withdraws_id', 'text', (c) => c.references('agreement_signatures.id'))
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('agreement_signatures_user_idx')
    .on('agreement_signatures')
    .columns(['user_id', 'template_id'])
    .execute();
  await db.schema
    .createIndex('agreement_signatures_template_idx')
    .on('agreement_signatures')
    .columns(['template_id', 'version_id'])
    .execute();
  await db.schema
    .createIndex('agreement_signatures_withdraws_idx')
    .on('agreement_signatures')
    .column('withdraws_id')
    .execute();
  if (sqlite) {
    for (const op of ['update', 'delete'])
      await sql
        .raw(
          `create trigger agreement_signatures_no_${op} before ${op} on agreement_signatures begin select raise(abort, 'agreement signatures are never changed or deleted'); end`,
        )
        .execute(db);
  } else {
    await sql`create function agreement_signatures_unchangeable() returns trigger language plpgsql as $$
      begin raise exception 'agreement signatures are never changed or deleted'; end $$`.execute(db);
    await sql`create trigger agreement_signatures_unchangeable before update or delete on agreement_signatures
      for each row execute function agreement_signatures_unchangeable()`.execute(db);
  }

  await db.schema
    .createTable('agreement_leavers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema.dropTable('agreement_leavers').execute();
  await db.schema.dropTable('agreement_signatures').execute();
  if (!sqlite) await sql`drop function agreement_signatures_unchangeable()`.execute(db);
  await db.schema.dropTable('agreement_versions').execute();
  await db.schema.dropTable('agreement_templates').execute();
}
