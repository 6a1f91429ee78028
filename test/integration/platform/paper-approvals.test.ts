/**
 * Paper approvals (issue 12): the confidentiality office records a decision an approver signed on paper, with
 * the scanned form attached. The scan is checked by its first bytes and its size; recording takes the engine's
 * one decision path for the approver (pending on the current step, still in its group, cleared, four eyes, not
 * the requester), names the recorder in the task and the audit trail, and applies the effect on the last step.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectDenied, expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { department, json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  chains,
  problemOf,
  proposal,
  propose,
  requestRow,
  setChains,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import type { RequestDetail } from '../../../src/platform/approvals/contracts.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';
import type { StepPolicy } from '../../../src/kernel/approvals.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR scan')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF scan')]);
const TODAY = '2026-11-23'; // the test clock's date in Asia/Shanghai
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe.each(DB_KINDS)('paper approvals recorded by the confidentiality office on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
  });
  afterAll(() => t.close());

  const upload = (a: Agent, id: string, body: Buffer, type = 'application/pdf') =>
    a.request('POST', `/api/requests/${id}/paper-evidence`, body, { 'content-type': type });
  const evidenceOf = async (id: string, body = PDF, type = 'application/pdf') =>
    json<{ evidenceId: string; sha256: string; size: number }>(await upload(org.sec, id, body, type), 201);
  const record = async (a: Agent, id: string, fields: Record<string, unknown>) =>
    a.post(`/api/requests/${id}/record-paper`, {
      version: (await requestRow(t, id)).version,
      decision: 'approve',
      signedOn: TODAY,
      ...fields,
    });
  const decide = async (a: Agent, id: string) =>
    a.post(`/api/requests/${id}/decide`, { version: (await requestRow(t, id)).version, decision: 'approve' });
  /** A secret proposal of department A: the department head, then the confidentiality office. */
  const secretRequest = async () => (await propose(org.officerA, proposal(org, { level: 'secret' }))).requestId;

  it('REQ-APPROVAL-PAPER: recording advances the chain, marks the decision and applies the effect on the last step', async () => {
    // Top secret: the department head, the confidentiality office, leadership.
    const { item, requestId } = await propose(org.seniorA, proposal(org, { level: 'top_secret' }));
    const ev = await evidenceOf(requestId);
    expect(ev).toMatchObject({ sha256: sha256(PDF), size: PDF.length });
    // The same bytes again are the same scan; nothing new is stored.
    expect(await evidenceOf(requestId)).toEqual(ev);
    const stored = await t.ctx.db
      .selectFrom('approval_evidence')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    expect(stored.map((s) => [s.id, s.media_type, s.uploaded_by])).toEqual([
      [ev.evidenceId, 'application/pdf', org.sec.userId],
    ]);

    let h = await t.auditHead();
    const first = json<RequestDetail>(
      await record(org.sec, requestId, { approverId: org.headA.userId, comment: '同意', evidenceId: ev.evidenceId }),
    );
    expect(first).toMatchObject({ status: 'pending', currentStep: 1 });
    expect(first.decisions).toEqual([
      expect.objectContaining({
        step: 0,
        approverId: org.headA.userId,
        decision: 'approved',
        comment: '同意',
        signedOn: TODAY,
        recordedBy: { id: org.sec.userId, name: '安全保密管理员' },
        hasEvidence: true,
        evidenceId: ev.evidenceId,
      }),
    ]);
    const task = await t.ctx.db
      .selectFrom('approval_tasks')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('step', '=', 0)
      .executeTakeFirstOrThrow();
    expect(task).toMatchObject({ recorded_by: org.sec.userId, evidence_blob_id: ev.evidenceId, status: 'approved' });
    expect(task.comment).toContain(TODAY);
    const events = await auditRowsAfter(t, h);
    const recorded = events.find((e) => e.action === 'approval.record_paper')!;
    expect(recorded).toMatchObject({ actor_name: 'secadmin', result: 'success', target_id: requestId });
    expect(JSON.parse(recorded.details)).toMatchObject({
      approverId: org.headA.userId,
      decision: 'approve',
      signedOn: TODAY,
      evidenceId: ev.evidenceId,
      evidenceSha256: sha256(PDF),
      step: 0,
    });
    expect(events.some((e) => e.action === 'approval.decide')).toBe(false);

    // The confidentiality office decides its own step in Baomi, as usual.
    expect((await decide(org.sec, requestId)).statusCode).toBe(200);
    // Leadership signed the same form: its decision is the last one, and the item comes into force.
    const last = json<RequestDetail>(
      await record(org.sec, requestId, { approverId: org.leader.userId, evidenceId: ev.evidenceId }),
    );
    expect(last.status).toBe('approved');
    expect(last.decisions.map((d) => [d.step, d.recordedBy?.id ?? null, d.comment])).toEqual([
      [0, org.sec.userId, '同意'],
      [1, null, null],
      [2, org.sec.userId, null],
    ]);
    expect(json<ItemDetail>(await org.seniorA.get(`/api/items/${item.id}`)).status).toBe('in_force');

    // Whoever may view the request reads the scan back (audited as a read); others do not.
    const detail = json<RequestDetail>(await org.headA.get(`/api/requests/${requestId}`));
    expect(detail.decisions[0]).toMatchObject({ hasEvidence: true, recordedBy: { id: org.sec.userId } });
    h = await t.auditHead();
    const scan = await org.seniorA.get(`/api/requests/${requestId}/paper-evidence/${ev.evidenceId}`);
    expect(scan.statusCode).toBe(200);
    expect(scan.headers['content-type']).toBe('application/pdf');
    expect(scan.rawPayload.equals(PDF)).toBe(true);
    const read = await auditRowsAfter(t, h);
    expect(read.map((e) => [e.action, e.actor_name, e.result])).toEqual([
      ['approval.evidence_view', 'senior.a', 'success'],
    ]);
    expect((await org.outsiderB.get(`/api/requests/${requestId}/paper-evidence/${ev.evidenceId}`)).statusCode).toBe(
      404,
    );
  });

  it('accepts PNG and JPEG scans, refuses other files, empty ones and ones over 10 MiB (400, 413)', async () => {
    const id = await secretRequest();
    expect((await evidenceOf(id, PNG, 'image/png')).size).toBe(PNG.length);
    expect((await evidenceOf(id, JPEG, 'image/jpeg; charset=binary')).size).toBe(JPEG.length);
    const h = await t.auditHead();
    for (const [body, type] of [
      [Buffer.from('not a scan'), 'application/pdf'],
      [Buffer.from('GIF89a....'), 'image/gif'],
      [PNG, 'application/pdf'],
      [PDF, 'application/octet-stream'],
      [Buffer.from('{"a":1}'), 'application/json'],
    ] as const) {
      const r = await upload(org.sec, id, body, type);
      await expectRefusedQuietly(t, h, r, 400, 'bad_request');
      expect(problemOf(r)).toBe('evidence_type');
    }
    const empty = await upload(org.sec, id, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    await expectRefusedQuietly(t, h, await upload(org.sec, id, big), 413, 'payload_too_large');
    expect(
      await t.ctx.db.selectFrom('approval_evidence').select('id').where('request_id', '=', id).execute(),
    ).toHaveLength(2);
  });

  it('only the confidentiality office uploads and records, on requests it may view (403 and 404, audited)', async () => {
    const id = await secretRequest();
    const ev = await evidenceOf(id);
    for (const a of [org.headA, org.sys]) {
      const who = a === org.sys ? 'sysadmin' : 'head.a';
      let h = await t.auditHead();
      await expectDenied(t, h, await upload(a, id, PDF), { action: 'approval.evidence_upload', actorName: who });
      h = await t.auditHead();
      await expectDenied(t, h, await record(a, id, { approverId: org.headA.userId, evidenceId: ev.evidenceId }), {
        action: 'approval.record_paper',
        actorName: who,
        targetId: id,
      });
    }
    // A confidential request's chain is the department head's alone: the office does not see it.
    const { requestId: hidden } = await propose(org.officerA, proposal(org));
    const h = await t.auditHead();
    const r = await record(org.sec, hidden, { approverId: org.headA.userId, evidenceId: ev.evidenceId });
    expectError(r, 404, 'not_found');
    const rows = await auditRowsAfter(t, h);
    expect(rows.map((e) => [e.action, e.result, e.actor_name])).toEqual([
      ['approval.record_paper', 'denied', 'secadmin'],
    ]);
    expectError(await upload(org.sec, hidden, PDF), 404, 'not_found');
    expect((await requestRow(t, id)).current_step).toBe(0);
  });

  it('refuses approvers the engine would refuse, and the recorder as approver (403, audited)', async () => {
    const id = await secretRequest();
    const ev = await evidenceOf(id);
    const cases: [Person | Org['sec'], string, string][] = [
      [org.sec, 'recorder_is_approver', 'recorder_is_approver'],
      [org.leader, 'not_current_approver', ''],
      [org.officerA, 'self_approval', ''],
    ];
    for (const [approver, reason, problem] of cases) {
      const h = await t.auditHead();
      const r = await record(org.sec, id, { approverId: approver.userId, evidenceId: ev.evidenceId });
      const event = await expectDenied(t, h, r, {
        action: 'approval.record_paper',
        actorName: 'secadmin',
        targetId: id,
        reason,
      });
      if (problem) expect(problemOf(r)).toBe(problem);
      if (approver !== org.sec) expect(JSON.parse(event.details)).toMatchObject({ approverId: approver.userId });
    }
    // Someone who is not a person at all is not an approver either.
    const h = await t.auditHead();
    await expectDenied(
      t,
      h,
      await record(org.sec, id, { approverId: crypto.randomUUID(), evidenceId: ev.evidenceId }),
      {
        action: 'approval.record_paper',
        actorName: 'secadmin',
        reason: 'not_current_approver',
      },
    );
    expect((await requestRow(t, id)).current_step).toBe(0);
  });

  it('refuses a missing scan, one of another request, a bad date (400) and a stale version (409)', async () => {
    const id = await secretRequest();
    const other = await secretRequest();
    const ev = await evidenceOf(id);
    const otherEv = await evidenceOf(other, PNG, 'image/png');
    const h = await t.auditHead();
    for (const evidenceId of [crypto.randomUUID(), otherEv.evidenceId]) {
      const r = await record(org.sec, id, { approverId: org.headA.userId, evidenceId });
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect(problemOf(r)).toBe('evidence_missing');
    }
    for (const signedOn of ['2026-11-24', '2026-02-30', '2026-11-01']) {
      const r = await record(org.sec, id, { approverId: org.headA.userId, evidenceId: ev.evidenceId, signedOn });
      await expectRefusedQuietly(t, h, r, 400, 'validation_failed');
      expect(problemOf(r)).toBe('signed_on_invalid');
    }
    const stale = await org.sec.post(`/api/requests/${id}/record-paper`, {
      version: (await requestRow(t, id)).version + 1,
      approverId: org.headA.userId,
      decision: 'approve',
      signedOn: TODAY,
      evidenceId: ev.evidenceId,
    });
    await expectRefusedQuietly(t, h, stale, 409, 'stale_version');
    expect((await requestRow(t, id)).current_step).toBe(0);
  });

  it('a rejection signed on paper ends the request; a request no longer pending takes no record (409)', async () => {
    const id = await secretRequest();
    const ev = await evidenceOf(id);
    const r = json<RequestDetail>(
      await record(org.sec, id, {
        approverId: org.headA.userId,
        decision: 'reject',
        comment: '依据不足',
        evidenceId: ev.evidenceId,
      }),
    );
    expect(r.status).toBe('rejected');
    expect(r.decisions[0]).toMatchObject({ decision: 'rejected', comment: '依据不足', signedOn: TODAY });
    const again = await record(org.sec, id, { approverId: org.headA.userId, evidenceId: ev.evidenceId });
    expectError(again, 409, 'conflict');
    expect(problemOf(again)).toBe('already_decided');
    expectError(await upload(org.sec, id, PNG, 'image/png'), 409, 'conflict');
  });

  it('four eyes: who approved an earlier step is not recorded for a later one (403, audited)', async () => {
    const deptD = await department(t, org.sys, '总经理办公室');
    const boss = await addPerson(org, 'boss.d', {
      departmentId: deptD,
      roles: ['dept_head', 'leadership'],
      clearance: 'core',
    });
    const officerD = await addPerson(org, 'officer.d', {
      departmentId: deptD,
      roles: ['dept_officer'],
      clearance: 'important',
    });
    const any = (group: StepPolicy['group']): StepPolicy => ({ group, mode: 'any' });
    const classify = (await chains(org.sec)).chains['classification.classify']!;
    await setChains(org, {
      'classification.classify': {
        ...classify,
        confidential: [any('dept_head'), any('confidentiality_office'), any('leadership')],
      },
    });
    const { requestId } = await propose(
      officerD,
      proposal(org, { scope: [{ kind: 'department', ref: deptD }], departmentId: deptD }),
    );
    const ev = await evidenceOf(requestId);
    expect((await decide(boss, requestId)).statusCode).toBe(200);
    expect((await decide(org.sec, requestId)).statusCode).toBe(200);
    const h = await t.auditHead();
    const r = await record(org.sec, requestId, { approverId: boss.userId, evidenceId: ev.evidenceId });
    await expectDenied(t, h, r, {
      action: 'approval.record_paper',
      actorName: 'secadmin',
      targetId: requestId,
      reason: 'approved_earlier_step',
    });
    expect(problemOf(r)).toBe('approved_earlier_step');
    // The other leader's paper signature completes it.
    const done = json<RequestDetail>(
      await record(org.sec, requestId, { approverId: org.leader.userId, evidenceId: ev.evidenceId }),
    );
    expect(done.status).toBe('approved');
  });
});
