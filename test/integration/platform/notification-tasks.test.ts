/**
 * Notices that resolve themselves (issue 17): a 「等待您审批」 is done for everyone once its step is decided by
 * any approver, or its request is withdrawn; the unread count drops with it; the texts name the request's item
 * by number and title where the recipient may see the title; the reader marks a selection read, strictly their
 * own notices; the three administrators carry real display names from the first start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  approveAll,
  classify,
  proposal,
  propose,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import type { z } from 'zod';
import type { notificationListResponse, notificationSchema } from '../../../src/platform/notifications/contracts.js';

type Page = z.infer<typeof notificationListResponse>;
type Notification = z.infer<typeof notificationSchema>;

const inbox = async (a: Agent, unread = false) =>
  json<Page>(await a.get(`/api/notifications?pageSize=100${unread ? '&unread=true' : ''}`)).items;
const unreadCount = async (a: Agent) => json<{ unread: number }>(await a.get('/api/notifications/unread-count')).unread;
/** The person's notice about a request (its link), of a kind. */
const noticeOf = async (a: Agent, kind: string, requestId: string): Promise<Notification> => {
  const n = (await inbox(a)).find((x) => x.kind === kind && x.link === `/approvals/${requestId}`);
  if (!n) throw new Error(`no ${kind} notice for ${requestId}`);
  return n;
};

describe.each(DB_KINDS)('notifications that resolve themselves on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  /** A second head of department A: step 1 of A's classification has two approvers. */
  let head2A: Person;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    head2A = await addPerson(org, 'head2.a', { departmentId: org.deptA, roles: ['dept_head'], clearance: 'core' });
  });
  afterAll(() => t.close());

  it('a to-do turns done for the other approver when one approver decides the step; the unread count drops', async () => {
    const { requestId } = await propose(org.officerA, proposal(org, { title: '年度预算草案' }));
    const before = await unreadCount(head2A);
    const pending = await noticeOf(head2A, 'approvalPending', requestId);
    expect(pending).toMatchObject({ todo: true, doneAt: null, readAt: null });
    expect((await inbox(head2A, true)).map((n) => n.id)).toContain(pending.id);
    // Both approvers are told, each naming the item by number and title.
    expect(pending.texts['zh-CN'].body).toMatch(/申请 REQ-\d{4}-\d{6}（.+ “年度预算草案”）等待您审批$/);
    expect(pending.texts['en-US'].body).toContain('“年度预算草案”');

    t.advance(1);
    json(await org.headA.post(`/api/requests/${requestId}/decide`, { version: 1, decision: 'approve' }));

    const after = await noticeOf(head2A, 'approvalPending', requestId);
    expect(after.doneAt).not.toBeNull();
    expect(after.readAt).toBeNull(); // done, not read: the reader never saw it
    expect(await unreadCount(head2A)).toBe(before - 1);
    expect((await inbox(head2A, true)).map((n) => n.id)).not.toContain(pending.id);
    // The deciding approver's own notice is done too.
    expect((await noticeOf(org.headA, 'approvalPending', requestId)).doneAt).not.toBeNull();
    // The requester is told the outcome with the item's title (an informing notice: no task).
    const decided = await noticeOf(org.officerA, 'requestDecided', requestId);
    expect(decided).toMatchObject({ todo: false, doneAt: null });
    expect(decided.texts['zh-CN'].body).toContain('“年度预算草案”');
  });

  it('a to-do turns done for every approver when the requester withdraws the request', async () => {
    const { requestId } = await propose(org.officerA, proposal(org));
    const counts = [await unreadCount(org.headA), await unreadCount(head2A)];
    expect((await noticeOf(org.headA, 'approvalPending', requestId)).doneAt).toBeNull();
    t.advance(1);
    json(await org.officerA.post(`/api/requests/${requestId}/withdraw`, { version: 1 }));
    for (const a of [org.headA, head2A])
      expect((await noticeOf(a, 'approvalPending', requestId)).doneAt).not.toBeNull();
    expect([await unreadCount(org.headA), await unreadCount(head2A)]).toEqual(counts.map((c) => c - 1));
  });

  it('a step every approver must decide keeps the notice of the approver who has not decided yet', async () => {
    const { requestId } = await propose(org.officerA, proposal(org));
    // Turn the pending step into an "all" step through the engine's own table (chains set per tier elsewhere).
    const row = await t.ctx.db
      .selectFrom('approval_requests')
      .select(['chain'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    const chain = (JSON.parse(row.chain) as { mode: string }[]).map((s) => ({ ...s, mode: 'all' }));
    await t.ctx.db
      .updateTable('approval_requests')
      .set({ chain: JSON.stringify(chain) })
      .where('id', '=', requestId)
      .execute();
    t.advance(1);
    json(await org.headA.post(`/api/requests/${requestId}/decide`, { version: 1, decision: 'approve' }));
    expect((await noticeOf(org.headA, 'approvalPending', requestId)).doneAt).not.toBeNull();
    expect((await noticeOf(head2A, 'approvalPending', requestId)).doneAt).toBeNull();
    t.advance(1);
    json(await head2A.post(`/api/requests/${requestId}/decide`, { version: 2, decision: 'approve' }));
    expect((await noticeOf(head2A, 'approvalPending', requestId)).doneAt).not.toBeNull();
  });

  it('names the item by number only to a recipient who may not see its title', async () => {
    const item = await classify(org, org.officerA, { title: '甲部秘密计划' });
    const { requestId } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: item.id,
        actions: ['read'],
        days: 5,
        reason: '工作需要',
      }),
      201,
    );
    // The custodian approves access to what they keep: they see the title.
    const pending = await noticeOf(org.officerA, 'approvalPending', requestId);
    expect(pending.texts['zh-CN'].body).toContain(`${item.number} “甲部秘密计划”`);
    t.advance(1);
    json(await org.officerA.post(`/api/requests/${requestId}/decide`, { version: 1, decision: 'reject' }));
    // The refused requester never learns the title: the number only.
    const decided = await noticeOf(org.outsiderB, 'requestDecided', requestId);
    expect(decided.texts['zh-CN'].body).toContain(`（${item.number}）`);
    expect(JSON.stringify(decided)).not.toContain('甲部秘密计划');
    // Approved, the requester may see it: the title is named.
    const again = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: item.id,
        actions: ['read'],
        days: 5,
        reason: '再次申请',
      }),
      201,
    );
    await approveAll(org, again.requestId);
    expect((await noticeOf(org.outsiderB, 'requestDecided', again.requestId)).texts['zh-CN'].body).toContain(
      '“甲部秘密计划”',
    );
  });

  it('marks a selection read: only the caller’s own notices, strict input, nothing changed on refusal', async () => {
    await propose(org.officerA, proposal(org));
    await propose(org.officerA, proposal(org));
    const mine = (await inbox(head2A, true)).slice(0, 2);
    expect(mine).toHaveLength(2);
    const others = await inbox(org.headA, true);
    expect(others.length).toBeGreaterThan(0);
    const foreign = others[0]!;
    const before = await unreadCount(head2A);
    const beforeOther = await unreadCount(org.headA);

    // Another person's notice in the list: refused as not found, nothing marked (not even the caller's own).
    expectError(await head2A.post('/api/notifications/read', { ids: [mine[0]!.id, foreign.id] }), 404, 'not_found');
    expect(await unreadCount(head2A)).toBe(before);
    expect(await unreadCount(org.headA)).toBe(beforeOther);
    // Bad input: 400, nothing marked.
    for (const body of [
      { ids: [] },
      { ids: ['not-a-uuid'] },
      { ids: mine[0]!.id },
      { ids: [mine[0]!.id], all: true },
      {},
    ]) {
      expect((await head2A.post('/api/notifications/read', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await unreadCount(head2A)).toBe(before);

    json(await head2A.post('/api/notifications/read', { ids: mine.map((n) => n.id) }));
    expect(await unreadCount(head2A)).toBe(before - 2);
    const read = (await inbox(head2A)).filter((n) => mine.some((m) => m.id === n.id));
    expect(read.every((n) => n.readAt !== null)).toBe(true);
    // The other person's notice is untouched.
    expect((await inbox(org.headA)).find((n) => n.id === foreign.id)!.readAt).toBeNull();
    // Mark-all still works.
    json(await head2A.post('/api/notifications/read-all'));
    expect(await unreadCount(head2A)).toBe(0);
  });

  it('the first start names the three administrators by their posts, not their role codes', async () => {
    const names = await t.ctx.db
      .selectFrom('users')
      .select(['username', 'display_name'])
      .where('admin_role', 'is not', null)
      .orderBy('username')
      .execute();
    expect(names).toEqual([
      { username: 'auditor', display_name: '安全审计员' },
      { username: 'secadmin', display_name: '安全保密管理员' },
      { username: 'sysadmin', display_name: '系统管理员' },
    ]);
  });
});
