/**
 * Session checks read the database on every request: nothing is cached that could let a revoked session or
 * a disabled account through for even one more request, whether the change came through the API or from
 * another process writing to the database (the CLI, a second instance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, expectOk, startTestApp, type TestApp } from '../../helpers/api.js';

describe.each(DB_KINDS)('session freshness on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('a session revoked from another device is refused on its very next request', async () => {
    const a = await t.employee('fresh.one');
    const b = t.agent();
    await expectOk(await b.login('fresh.one', 'Correct-Horse-42!'));
    await expectOk(await b.get('/api/auth/me'));
    const sessions = (await a.get('/api/me/sessions')).json() as { items: { id: string; current: boolean }[] };
    const other = sessions.items.find((s) => !s.current)!;
    await expectOk(await a.delete(`/api/me/sessions/${other.id}`));
    expect(errorCode(await b.get('/api/auth/me'))).toBe('unauthenticated');
    await expectOk(await a.get('/api/auth/me'));
  });

  it('a session revoked or an account disabled directly in the database is refused on the next request', async () => {
    const a = await t.employee('fresh.two');
    await expectOk(await a.get('/api/auth/me'));
    await t.ctx.db
      .updateTable('sessions')
      .set({ revoked_at: t.ctx.now().toISOString() })
      .where('user_id', '=', a.userId)
      .execute();
    expect(errorCode(await a.get('/api/auth/me'))).toBe('unauthenticated');

    const c = await t.employee('fresh.three');
    await expectOk(await c.get('/api/auth/me'));
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', c.userId).execute();
    expect(errorCode(await c.get('/api/auth/me'))).toBe('session_expired');
    expect(errorCode(await c.get('/api/auth/me'))).toBe('unauthenticated');
  });
});
