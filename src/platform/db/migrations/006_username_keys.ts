import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { usernameKey } from '../../../kernel/username.js';

/**
 * Usernames are unique as the database sees them, not only as a check in code (ADR 0013): `users.username_key`
 * holds the normalised username (NFKC, lower case; set in code by `usernameKey`) under the unique index
 * `users_username_key_uq`, and sign-in looks people up by it. Before, the check was case-insensitive but the
 * index was not, so accounts created at once as "twin4x", "Twin4x" and "tWin4x" could all be stored.
 *
 * Existing accounts whose usernames share a key ("twins") cannot be given one silently: which account keeps
 * the name is the operator's decision. The migration then stops before changing anything, naming every twin
 * and saying what to do (`TwinUsernamesError`).
 *
 * SQLite cannot add a NOT NULL column without a default, nor compute NFKC: the column gets the default ''
 * and a trigger refuses an insert that leaves it so (a writer that forgot the key fails loudly).
 */
export interface Twin {
  id: string;
  username: string;
  createdAt: string;
  status: string;
}

export class TwinUsernamesError extends Error {
  constructor(readonly groups: Twin[][]) {
    const lines = groups.map(
      (g) => '  - ' + g.map((t) => `"${t.username}" (id ${t.id}, created ${t.createdAt}, ${t.status})`).join(', '),
    );
    const example = groups[0]![1]!;
    super(
      [
        'migration 006_username_keys stopped: these usernames differ only by letter case or character width,',
        'so none of their owners can sign in reliably. Usernames must now be unique ignoring case; nothing was changed.',
        ...lines,
        'Decide which account of each group keeps its name and rename the others, e.g.',
        `  UPDATE users SET username = '${example.username}-2', version = version + 1 WHERE id = '${example.id}';`,
        '(tell the person their new username), then run "baomi migrate" or "baomi start" again. See docs/adr/0013-username-keys.md.',
      ].join('\n'),
    );
    this.name = 'TwinUsernamesError';
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'created_at', 'status'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byKey = new Map<string, Twin[]>();
  for (const u of users as { id: string; username: string; created_at: string; status: string }[]) {
    const key = usernameKey(u.username);
    byKey.set(key, [
      ...(byKey.get(key) ?? []),
      { id: u.id, username: u.username, createdAt: u.created_at, status: u.status },
    ]);
  }
  const twins = [...byKey.values()].filter((g) => g.length > 1);
  if (twins.length) throw new TwinUsernamesError(twins);

  const apply = async (q: Kysely<any>) => {
    if (sqlite) await sql`alter table users add column username_key text not null default ''`.execute(q);
    else await sql`alter table users add column username_key text`.execute(q);
    for (const [key, [u]] of byKey)
      await q.updateTable('users').set({ username_key: key }).where('id', '=', u!.id).execute();
    if (!sqlite) await sql`alter table users alter column username_key set not null`.execute(q);
    await q.schema.createIndex('users_username_key_uq').on('users').column('username_key').unique().execute();
    if (sqlite) {
      await sql`create trigger users_username_key_set before insert on users when new.username_key = ''
        begin select raise(abort, 'users.username_key must be set (usernameKey)'); end`.execute(q);
    }
  };
  // Kysely runs SQLite migrations outside a transaction: one of our own, so a failure changes nothing.
  if (sqlite) await db.transaction().execute(apply);
  else await apply(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) await sql`drop trigger users_username_key_set`.execute(db);
  await db.schema.dropIndex('users_username_key_uq').execute();
  await db.schema.alterTable('users').dropColumn('username_key').execute();
}
