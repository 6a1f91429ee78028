/**
 * Migration 010 (the generic approval engine) on an installation that holds requests of every classification
 * type, pending and decided, with their tasks, grants, notices and saved chains: after the upgrade every request
 * reads exactly as before through the API, to each person involved. The earlier shape is made by taking the
 * database back to what migrations 002-009 left (a request pointing at `item_id`, types without their module),
 * from data the application itself produced.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import {
  approveAll,
  chains,
  classify,
  proposal,
  propose,
  setChains,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import { migrateToLatest } from '../../../src/platform/db/migrate.js';
import { down as downCarriers } from '../../../src/platform/db/migrations/012_carriers.js';
import { down as downAgreements } from '../../../src/platform/db/migrations/014_agreements.js';
import { down as downTraining } from '../../../src/platform/db/migrations/015_training.js';
import { down as downJobRuns } from '../../../src/platform/db/migrations/018_job_runs.js';
import { down as downKeyChecks } from '../../../src/platform/db/migrations/019_key_checks.js';
import { down as downLeaseTakenAt } from '../../../src/platform/db/migrations/020_job_lease_taken_at.js';
import { down as downAuditArchive } from '../../../src/platform/db/migrations/021_audit_archive.js';
import { down as downJobRunErrorCode } from '../../../src/platform/db/migrations/022_job_run_error_code.js';
import { down as downNotificationTasks } from '../../../src/platform/db/migrations/017_notification_tasks.js';
import { down as downSecondFactors } from '../../../src/platform/db/migrations/016_second_factors.js';

const OLD = ['classify', 'reclassify', 'extend', 'declassify', 'rescope', 'access_grant'];

/** Takes the approval tables back to the shape of migrations 002-009 (the reverse of 010). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of an earlier release
async function backToMigration009(db: Kysely<any>, kind: string): Promise<void> {
  // The later migrations first: 022 (job runs' error codes), 021 (audit archive), 020 (lease taken at), 019 (key checks), 018 (job runs),
  // 017 (notices' tasks), 016 (second factors), 015 (training), 014 (agreements), 013 and 012 (carriers) and 011
  // (scans of paper approvals, on 010's requests).
  await downJobRunErrorCode(db);
  await sql`delete from kysely_migration where name = '022_job_run_error_code'`.execute(db);
  await downAuditArchive(db);
  await sql`delete from kysely_migration where name = '021_audit_archive'`.execute(db);
  await downLeaseTakenAt(db);
  await sql`delete from kysely_migration where name = '020_job_lease_taken_at'`.execute(db);
  await downKeyChecks(db);
  await sql`delete from kysely_migration where name = '019_key_checks'`.execute(db);
  await downJobRuns(db);
  await sql`delete from kysely_migration where name = '018_job_runs'`.execute(db);
  await downNotificationTasks(db);
  await sql`delete from kysely_migration where name = '017_notification_tasks'`.execute(db);
  await downSecondFactors(db);
  await sql`delete from kysely_migration where name = '016_second_factors'`.execute(db);
  await downTraining(db);
  await sql`delete from kysely_migration where name = '015_training'`.execute(db);
  await downAgreements(db);
  await sql`delete from kysely_migration where name = '014_agreements'`.execute(db);
  await sql`delete from kysely_migration where name = '013_linked_item_readers'`.execute(db);
  await downCarriers(db);
  await sql`delete from kysely_migration where name = '012_carriers'`.execute(db);
  await sql`drop table approval_evidence`.execute(db);
  await sql`delete from kysely_migration where name = '011_approval_evidence'`.execute(db);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const renameBack = async (q: Kysely<any>) => {
    for (const t of OLD) {
      await sql`update approval_requests set type = ${t} where type = ${`classification.${t}`}`.execute(q);
      for (const table of ['notifications', 'email_outbox']) {
        await sql`update ${sql.table(table)} set body = replace(body, ${`"type":"classification.${t}"`}, ${`"type":"${t}"`})`.execute(
          q,
        );
      }
    }
    const row = await sql<{ value: string }>`select value from settings where key = 'approval_chains'`.execute(q);
    if (row.rows[0]) {
      const value = JSON.parse(row.rows[0].value) as Record<string, unknown>;
      const old = Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^classification\./, ''), v]));
      await sql`update settings set value = ${JSON.stringify(old)} where key = 'approval_chains'`.execute(q);
    }
    await sql`delete from kysely_migration where name = '010_generic_approvals'`.execute(q);
  };
  if (kind === 'postgres') {
    await db.transaction().execute(async (q) => {
      await sql`alter table approval_requests add column item_id text references secret_items (id)`.execute(q);
      await sql`update approval_requests set item_id = target_id`.execute(q);
      await sql`alter table approval_requests alter column item_id set not null`.execute(q);
      await sql`alter table approval_requests drop column target_type, drop column target_id`.execute(q);
      await sql`create index approval_requests_item_idx on approval_requests (item_id, status)`.execute(q);
      await sql`alter table approval_tasks drop column recorded_by, drop column evidence_blob_id`.execute(q);
      await renameBack(q);
    });
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (q) => {
      // As migration 002 created them.
      await q.schema
        .createTable('approval_requests_old')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull().references('secret_items.id'))
        .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('subject_id', 'text', (c) => c.references('users.id'))
        .addColumn('level_rank', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('chain', 'text', (c) => c.notNull())
        .addColumn('current_step', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await sql`insert into approval_requests_old select id, number, type, status, target_id, requester_id, subject_id,
        level_rank, reason, payload, chain, current_step, created_at, updated_at, decided_at, expires_at, version
        from approval_requests`.execute(q);
      await sql`drop table approval_requests`.execute(q);
      await sql`alter table approval_requests_old rename to approval_requests`.execute(q);
      await q.schema
        .createIndex('approval_requests_status_idx')
        .on('approval_requests')
        .columns(['status', 'expires_at'])
        .execute();
      await q.schema
        .createIndex('approval_requests_requester_idx')
        .on('approval_requests')
        .columns(['requester_id', 'created_at'])
        .execute();
      await q.schema
        .createIndex('approval_requests_item_idx')
        .on('approval_requests')
        .columns(['item_id', 'status'])
        .execute();
      await q.schema
        .createTable('approval_tasks_old')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('approver_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .execute();
      await sql`insert into approval_tasks_old select id, request_id, step, approver_id, status, comment, created_at,
        decided_at from approval_tasks`.execute(q);
      await sql`drop table approval_tasks`.execute(q);
      await sql`alter table approval_tasks_old rename to approval_tasks`.execute(q);
      await q.schema
        .createIndex('approval_tasks_inbox_idx')
        .on('approval_tasks')
        .columns(['approver_id', 'status', 'created_at'])
        .execute();
      await q.schema
        .createIndex('approval_tasks_request_idx')
        .on('approval_tasks')
        .columns(['request_id', 'step'])
        .execute();
      await renameBack(q);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

describe.each(DB_KINDS)('migration 010 (generic approvals) on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  const requests: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    const change = async (a: Org['sec'], id: string, body: Record<string, unknown>) =>
      json<{ requestId: string }>(await a.post(`/api/items/${id}/changes`, body), 201).requestId;
    // A saved chain, so its keys are renamed too.
    const c = await chains(org.sec);
    await setChains(org, {
      'classification.extend': {
        ...c.chains['classification.extend']!,
        confidential: [{ group: 'dept_head', mode: 'any' }],
      },
    });
    requests.classifyPending = (await propose(org.officerA, proposal(org))).requestId;
    const { requestId, item } = await propose(
      org.seniorA,
      proposal(org, { level: 'secret', period: { value: 10, unit: 'years' } }),
    );
    await approveAll(org, requestId);
    requests.classifyApproved = requestId;
    requests.reclassifyPending = await change(org.seniorA, item.id, {
      type: 'reclassify',
      reason: '调整密级',
      level: 'top_secret',
      period: { value: 20, unit: 'years' },
      declassifyCondition: null,
    });
    const second = await classify(org, org.seniorA);
    requests.extendApproved = await change(org.seniorA, second.id, {
      type: 'extend',
      reason: '仍需保密',
      period: { value: 8, unit: 'years' },
    });
    await approveAll(org, requests.extendApproved);
    requests.rescopePending = await change(org.seniorA, second.id, {
      type: 'rescope',
      reason: '乙部门需要知悉',
      scope: [...second.scope.map((e) => ({ kind: e.kind, ref: e.ref })), { kind: 'department', ref: org.deptB }],
    });
    const third = await classify(org, org.seniorA);
    requests.declassifyWithdrawn = await change(org.seniorA, third.id, {
      type: 'declassify',
      reason: '不再需要保密',
      declassifyReason: 'decision',
    });
    json(
      await org.seniorA.post(`/api/requests/${requests.declassifyWithdrawn}/withdraw`, {
        version: json<{ version: number }>(await org.seniorA.get(`/api/requests/${requests.declassifyWithdrawn}`))
          .version,
      }),
    );
    const ask = async (a: Org['sec'], itemNumber: string) =>
      json<{ requestId: string }>(
        await a.post('/api/access-requests', { itemNumber, actions: ['read'], days: 5, reason: '工作需要' }),
        201,
      ).requestId;
    requests.accessPending = await ask(org.outsiderB, item.number);
    requests.accessApproved = await ask(org.outsiderB, third.number);
    await approveAll(org, requests.accessApproved);
  });
  afterAll(() => t.close());

  /** Everything the API says about the requests, to each person involved. */
  async function snapshot(): Promise<unknown> {
    const people = [org.sec, org.seniorA, org.officerA, org.headA, org.leader, org.outsiderB, org.headB];
    const out: Record<string, unknown> = { chains: await chains(org.sec) };
    for (const p of people) {
      for (const [name, id] of Object.entries(requests)) {
        const r = await p.get(`/api/requests/${id}`);
        out[`${p.username} ${name}`] = [r.statusCode, r.json()];
      }
      for (const box of ['mine', 'inbox', 'decided'])
        out[`${p.username} ${box}`] = (await p.get(`/api/requests?box=${box}&pageSize=100`)).json();
      out[`${p.username} counts`] = (await p.get('/api/requests/counts')).json();
      out[`${p.username} notices`] = (await p.get('/api/notifications?pageSize=100')).json();
    }
    return out;
  }

  it('every request of every type, pending and decided, reads as before through the API', async () => {
    const before = await snapshot();
    await backToMigration009(t.ctx.db, kind);
    const old = await sql<{ type: string; item_id: string }>`select type, item_id from approval_requests`.execute(
      t.ctx.db,
    );
    expect(new Set(old.rows.map((r) => r.type))).toEqual(new Set(OLD));
    const result = await migrateToLatest(t.ctx.db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([
      ['010_generic_approvals', 'Success'],
      ['011_approval_evidence', 'Success'],
      ['012_carriers', 'Success'],
      ['013_linked_item_readers', 'Success'],
      ['014_agreements', 'Success'],
      ['015_training', 'Success'],
      ['016_second_factors', 'Success'],
      ['017_notification_tasks', 'Success'],
      ['018_job_runs', 'Success'],
      ['019_key_checks', 'Success'],
      ['020_job_lease_taken_at', 'Success'],
      ['021_audit_archive', 'Success'],
      ['022_job_run_error_code', 'Success'],
    ]);
    expect(await snapshot()).toEqual(before);
    // The saved chain kept its change under the new name.
    expect((await chains(org.sec)).chains['classification.extend']!.confidential).toEqual([
      { group: 'dept_head', mode: 'any' },
    ]);
  });
});
