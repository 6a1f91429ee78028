/**
 * Signatures and published versions never change (PER-01): the database refuses an UPDATE or DELETE of a signature
 * (triggers, on both databases), a withdrawal is a record of its own, and no route edits a published version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DB_KINDS } from '../../helpers/db.js';
import { STRONG_PASSWORD, startTestApp, type TestApp } from '../../helpers/api.js';
import { createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import type { PublishResult } from '../../../src/modules/people/contracts/templates.js';
import type { SignatureDetail } from '../../../src/modules/people/contracts/signatures.js';

describe.each(DB_KINDS)('agreement records that never change on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let nda: PublishResult;
  let signature: SignatureDetail;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    nda = await createAndPublish(org, { title: '员工保密协议' });
    const r = await org.testerA.post('/api/agreements/sign', { versionId: nda.version.id, password: STRONG_PASSWORD });
    expect(r.statusCode, r.body).toBe(201);
    signature = (r.json() as { signature: SignatureDetail }).signature;
  });
  afterAll(() => t.close());

  const stored = () =>
    t.ctx.db.selectFrom('agreement_signatures').selectAll().where('id', '=', signature.id).executeTakeFirstOrThrow();

  it('[PER-01] the database refuses to change a signature: its text, hash and date stay as signed', async () => {
    const before = await stored();
    await expect(
      t.ctx.db
        .updateTable('agreement_signatures')
        .set({ rendered_html: '<p>改过的文本</p>' })
        .where('id', '=', signature.id)
        .execute(),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(
      t.ctx.db.updateTable('agreement_signatures').set({ signed_on: '2020-01-01' }).execute(),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(sql`update agreement_signatures set text_hash = 'x'`.execute(t.ctx.db)).rejects.toThrow(
      /never changed or deleted/,
    );
    expect(await stored()).toEqual(before);
  });

  it('[PER-01] the database refuses to delete a signature', async () => {
    await expect(t.ctx.db.deleteFrom('agreement_signatures').where('id', '=', signature.id).execute()).rejects.toThrow(
      /never changed or deleted/,
    );
    await expect(sql`delete from agreement_signatures`.execute(t.ctx.db)).rejects.toThrow(/never changed or deleted/);
    expect((await stored()).text_hash).toBe(signature.textHash);
  });

  it('[PER-01] no route edits or deletes a published version or a signature', async () => {
    const version = `/api/agreement-templates/${nda.template.id}/versions/${nda.version.id}`;
    for (const r of [
      await org.sec.put(version, { body: '改' }),
      await org.sec.patch(version, { body: '改' }),
      await org.sec.delete(version),
      await org.sec.put(`/api/agreements/signatures/${signature.id}`, { renderedHtml: '改' }),
      await org.sec.delete(`/api/agreements/signatures/${signature.id}`),
    ])
      expect([404, 405]).toContain(r.statusCode);
    const v = await t.ctx.db
      .selectFrom('agreement_versions')
      .select('body')
      .where('id', '=', nda.version.id)
      .executeTakeFirstOrThrow();
    expect(v.body).not.toContain('改');
  });
});
