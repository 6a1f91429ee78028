import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The approval engine serves every module: a request points at its target by `target_type` + `target_id`
 * instead of `item_id` (a foreign key to secret_items), and its type is `<module>.<verb>`. Every existing
 * request keeps its number, chain, tasks and grants; types are renamed (`classify` ->
 * `classification.classify`), as are the keys of the saved approval chains and the request types named in
 * notices not yet read or mailed (the audit trail is never rewritten). Decisions signed on paper can be
 * recorded on an approver's behalf: tasks get `recorded_by` and `evidence_blob_id`.
 */
const OLD_TYPES = ['classify', 'reclassify', 'extend', 'declassify', 'rescope', 'access_grant'] as const;
const renamed = (t: string) => ((OLD_TYPES as readonly string[]).includes(t) ? `classification.${t}` : t);

// Migrations see the schema of their time, not today's Database.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await upSqlite(db);
  // Kysely runs a PostgreSQL migration inside its own transaction (SQLite's outside any: see upSqlite).
  else await upPostgres(db);
}

async function renameData(q: AnyDb): Promise<void> {
  for (const t of OLD_TYPES) {
    await q
      .updateTable('approval_requests')
      .set({ type: renamed(t) })
      .where('type', '=', t)
      .execute();
    // Notices name the type among their JSON parameters; their texts look it up by its new name.
    for (const table of ['notifications', 'email_outbox'] as const) {
      await q
        .updateTable(table)
        .set({ body: sql`replace(body, ${`"type":"${t}"`}, ${`"type":"classification.${t}"`})` })
        .where('body', 'like', `%"type":"${t}"%`)
        .execute();
    }
  }
  const chains = await q.selectFrom('settings').select('value').where('key', '=', 'approval_chains').executeTakeFirst();
  if (chains) {
    const value = JSON.parse(chains.value as string) as Record<string, unknown>;
    const next = Object.fromEntries(Object.entries(value).map(([k, v]) => [renamed(k), v]));
    // The same chains under their new names: the version stays (an editor's open page still saves).
    await q
      .updateTable('settings')
      .set({ value: JSON.stringify(next) })
      .where('key', '=', 'approval_chains')
      .execute();
  }
}

async function upPostgres(q: AnyDb): Promise<void> {
  await sql`alter table approval_requests add column target_type text, add column target_id text`.execute(q);
  await sql`update approval_requests set target_type = 'secret_item', target_id = item_id`.execute(q);
  await sql`alter table approval_requests alter column target_type set not null, alter column target_id set not null`.execute(
    q,
  );
  // Dropping the column drops its foreign key to secret_items and the index on it.
  await sql`alter table approval_requests drop column item_id`.execute(q);
  await sql`alter table approval_tasks add column recorded_by text references users (id), add column evidence_blob_id text`.execute(
    q,
  );
  await q.schema
    .createIndex('approval_requests_target_idx')
    .on('approval_requests')
    .columns(['target_type', 'target_id', 'status'])
    .execute();
  await renameData(q);
}

/**
 * SQLite cannot drop a column a foreign key uses: the table is rebuilt (SQLite's documented procedure: foreign
 * keys off outside the transaction, new table, copy, drop, rename, check, foreign keys on).
 */
async function upSqlite(db: AnyDb): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (q) => {
      await sql`create table approval_requests_new (
        id text primary key,
        number text not null unique,
        type text not null,
        status text not null,
        target_type text not null,
        target_id text not null,
        requester_id text not null references users (id),
        subject_id text references users (id),
        level_rank integer not null,
        reason text not null,
        payload text not null,
        chain text not null,
        current_step integer not null,
        created_at text not null,
        updated_at text not null,
        decided_at text,
        expires_at text not null,
        version integer default 1 not null
      )`.execute(q);
      await sql`insert into approval_requests_new (id, number, type, status, target_type, target_id, requester_id,
          subject_id, level_rank, reason, payload, chain, current_step, created_at, updated_at, decided_at, expires_at,
          version)
        select id, number, type, status, 'secret_item', item_id, requester_id, subject_id, level_rank, reason, payload,
          chain, current_step, created_at, updated_at, decided_at, expires_at, version
        from approval_requests`.execute(q);
      await sql`drop table approval_requests`.execute(q);
      // approval_tasks and access_grants name approval_requests: with the new table under that name they
      // reference it again (foreign keys are off, so the rename rewrites nothing).
      await sql`alter table approval_requests_new rename to approval_requests`.execute(q);
      for (const [name, columns] of [
        ['approval_requests_status_idx', ['status', 'expires_at']],
        ['approval_requests_requester_idx', ['requester_id', 'created_at']],
        ['approval_requests_target_idx', ['target_type', 'target_id', 'status']],
      ] as const) {
        await q.schema
          .createIndex(name)
          .on('approval_requests')
          .columns([...columns])
          .execute();
      }
      await sql`alter table approval_tasks add column recorded_by text references users (id)`.execute(q);
      await sql`alter table approval_tasks add column evidence_blob_id text`.execute(q);
      await renameData(q);
      const broken = await sql`pragma foreign_key_check`.execute(q);
      if (broken.rows.length)
        throw new Error(
          `Migration 010 left ${broken.rows.length} broken references: ${JSON.stringify(broken.rows[0])}`,
        );
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migration 010 (generic approvals) cannot be undone: restore the backup taken before upgrading');
}
