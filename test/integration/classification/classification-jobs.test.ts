import { beforeEach, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import type { TestApp } from '../../helpers/api.js';
import { auditRowsAfter, expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import {
  approveAll,
  classify,
  notificationsOf,
  proposal,
  propose,
  requestRow,
  setPolicy,
  signInAll,
  visibleIds,
  type Org,
} from '../../helpers/classification-org.js';
import { withOrg } from '../../helpers/org-fixtures.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';
import { classificationJobs } from '../../../src/modules/classification/jobs.js';
import { builtinJobs } from '../../../src/platform/jobs/builtin.js';

const DAY = 86_400_000;

/**
 * The classification jobs, called directly with the test clock moved: declassification of expired items,
 * expiry of pending requests, reminders before the end of secrecy, and the periodic access review. The tests
 * walk one timeline; each starts from its own organisation and items on the first day, and one that goes on
 * from a later point first replays the jobs of the timeline up to there (`monthOn`, `requestsExpired`).
 */
describe.each(DB_KINDS)('classification jobs on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let month: ItemDetail; // confidential, 1 month; head.b holds a 40-day grant; an extension is pending
  let threeMonths: ItemDetail; // confidential, 3 months
  let sixMonths: ItemDetail; // secret, 6 months, outsider.b named in scope
  let tenYears: ItemDetail;
  let condition: ItemDetail;
  let proposalRequest: string;
  let proposalItem: string;
  let extendRequest: string;

  const run = async (name: string) => {
    const job = [...builtinJobs(t.ctx), ...classificationJobs()].find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    return job.run(t.ctx);
  };
  const status = async (id: string) =>
    await t.ctx.db
      .selectFrom('secret_items')
      .select(['status', 'declassify_reason', 'declassified_on', 'access_rank'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeEach(async () => {
    org = await withOrg(kind);
    t = org.t;
    month = await classify(org, org.officerA, { period: { value: 1, unit: 'months' }, content: '一个月的秘密' });
    threeMonths = await classify(org, org.officerA, { period: { value: 3, unit: 'months' } });
    sixMonths = await classify(org, org.officerA, {
      level: 'secret',
      period: { value: 6, unit: 'months' },
      scope: [
        { kind: 'department', ref: org.deptA },
        { kind: 'user', ref: org.outsiderB.userId },
      ],
    });
    tenYears = await classify(org, org.officerA, { level: 'secret', period: { value: 10, unit: 'years' } });
    condition = await classify(org, org.officerA, { period: null, declassifyCondition: '合同终止后' });
    const { requestId: grantReq } = json<{ requestId: string }>(
      await org.headB.post('/api/access-requests', {
        itemId: month.id,
        actions: ['read'],
        days: 40,
        reason: '审计配合',
      }),
      201,
    );
    await approveAll(org, grantReq);
    await setPolicy(org, { requestTtlDays: 60 });
    extendRequest = json<{ requestId: string }>(
      await org.officerA.post(`/api/items/${month.id}/changes`, {
        type: 'extend',
        reason: '仍需保密',
        period: { value: 3, unit: 'months' },
      }),
      201,
    ).requestId;
    await setPolicy(org, { requestTtlDays: 30 });
    const p = await propose(org.officerA, proposal(org));
    proposalRequest = p.requestId;
    proposalItem = p.item.id;
  });

  // The steps of the timeline, as the tests of the earlier steps leave it (their checks aside).
  /** The first day's jobs: the first access review starts; the holders of the item coming due are reminded. */
  const firstDay = async () => {
    await run('reviews.access-campaign');
    await run('classification.expiry-reminder');
  };
  /** A month on (2026-12-24): the month's item is declassified (its pending extension ends with it). */
  const monthOn = async () => {
    await firstDay();
    t.advance(31 * DAY);
    await run('classification.declassify-expired');
    await signInAll(t, org.officerA);
  };
  /** Then the requests past their time expire: the proposal never takes effect. */
  const requestsExpired = async () => {
    await monthOn();
    await run('approvals.expire');
  };

  it('registers its three jobs; expiring requests is the engine job', () => {
    expect(classificationJobs().map((j) => j.name)).toEqual([
      'classification.declassify-expired',
      'classification.expiry-reminder',
      'reviews.access-campaign',
    ]);
    expect(builtinJobs(t.ctx).map((j) => j.name)).toContain('approvals.expire');
  });

  it('on the first day: nothing is declassified or expired; the first access review starts, then is not due again', async () => {
    const h = await t.auditHead();
    expect(await run('classification.declassify-expired')).toBe('declassified 0');
    expect(await run('approvals.expire')).toBe('expired 0');
    expect(await t.auditHead()).toBe(h);
    const inForce = (
      await t.ctx.db
        .selectFrom('secret_items')
        .select('id')
        .where('status', '=', 'in_force')
        .where('access_rank', '>', 1)
        .execute()
    ).length;
    expect(await run('reviews.access-campaign')).toBe(`started with ${inForce} tasks`);
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.actor_id, e.actor_role])).toEqual([['review.campaign_create', null, 'system']]);
    expect(
      await t.ctx.db.selectFrom('review_campaigns').select(['kind', 'title', 'due_on', 'created_by']).execute(),
    ).toEqual([
      {
        kind: 'access',
        title: '访问审查 2026-11-23 / Access review 2026-11-23',
        due_on: '2026-12-23',
        created_by: null,
      },
    ]);
    expect(await notificationsOf(t, org.officerA.userId, 'reviewAssigned')).toHaveLength(1);
    expect(await run('reviews.access-campaign')).toBe('not due');
    expect(await t.auditHead()).toBe(h + 1);
  });

  it('reminds the holders once, two months before secrecy ends (idempotent)', async () => {
    expect(await run('classification.expiry-reminder')).toBe('reminded about 1');
    // Custodian, classifier, grantee, and those the scope (department A) covers who are cleared, sub-departments too.
    const holders = [org.officerA, org.leader, org.headB, org.insiderA, org.lowA, org.memberSubA];
    // The title only to whom the catalogue lets know the item: the classifier, outside its scope, reads the number.
    const titleFor = (p: { userId: string }) => (p === org.leader ? null : month.title);
    for (const p of holders) {
      expect(
        (await notificationsOf(t, p.userId, 'itemExpiring')).map((n) => [JSON.parse(n.body), n.dedupe_key]),
      ).toEqual([
        [{ number: month.number, title: titleFor(p), secrecyUntil: '2026-12-23' }, `expiring:${month.id}:2026-12-23`],
      ]);
    }
    // Not cleared (plain.a), or not in scope (outsider.b): they do not know it, and are not told.
    for (const p of [org.plainA, org.outsiderB]) expect(await notificationsOf(t, p.userId, 'itemExpiring')).toEqual([]);
    await run('classification.expiry-reminder');
    await run('classification.expiry-reminder');
    for (const p of holders) expect(await notificationsOf(t, p.userId, 'itemExpiring')).toHaveLength(1);
  });

  it('after the until-date: the item is declassified by the system, the holders are told, and it is open to everyone', async () => {
    t.advance(31 * DAY);
    const h = await t.auditHead();
    expect(await run('classification.declassify-expired')).toBe('declassified 1');
    expect(await status(month.id)).toEqual({
      status: 'declassified',
      declassify_reason: 'expired',
      declassified_on: '2026-12-24',
      access_rank: 0,
    });
    const ev = (await auditRowsAfter(t, h)).filter((e) => e.action === 'item.declassify');
    expect(ev.map((e) => [e.target_id, e.actor_id, e.actor_name, e.actor_role, e.result])).toEqual([
      [month.id, null, null, 'system', 'success'],
    ]);
    expect(JSON.parse(ev[0]!.details)).toEqual({ reason: 'expired', level: 'confidential', requestId: null });
    for (const p of [org.officerA, org.leader, org.headB]) {
      expect((await notificationsOf(t, p.userId, 'itemDeclassified')).map((n) => JSON.parse(n.body))).toEqual([
        { number: month.number, title: month.title, reason: 'expired' },
      ]);
    }
    for (const id of [threeMonths.id, sixMonths.id, tenYears.id, condition.id])
      expect((await status(id)).status).toBe('in_force');
    // Someone with no clearance at all, who joined after, sees and reads it.
    const newcomer = await t.employee('newcomer');
    expect(await visibleIds(newcomer)).toContain(month.id);
    expect(json<{ content: string }>(await newcomer.get(`/api/items/${month.id}/content`)).content).toBe(
      '一个月的秘密',
    );
    await signInAll(t, org.officerA);
    const hist = json<{ items: { event: string; actorId: string | null; details: unknown }[] }>(
      await org.officerA.get(`/api/items/${month.id}/history`),
    );
    expect(hist.items.at(-1)).toMatchObject({
      event: 'declassified',
      actorId: null,
      details: { reason: 'expired', level: 'confidential' },
    });
    const h2 = await t.auditHead();
    expect(await run('classification.declassify-expired')).toBe('declassified 0');
    expect(await t.auditHead()).toBe(h2);
  });

  // Regression (was a bug): the job's own comment says "pending changes about them end", but declassification by expiry leaves a
  // pending extension of the item pending (in the approvers' inboxes) until it expires by itself.
  it('a change still pending when the item is declassified by expiry ends with it', async () => {
    await monthOn();
    expect((await requestRow(t, extendRequest)).status).not.toBe('pending');
  });

  it('expires pending requests past their time: a proposal then never takes effect; the requester is told (idempotent)', async () => {
    await monthOn();
    const h = await t.auditHead();
    const n = await run('approvals.expire');
    expect(n).toBe('expired 1');
    expect(await requestRow(t, proposalRequest)).toMatchObject({ status: 'expired' });
    expect((await status(proposalItem)).status).toBe('withdrawn');
    const ev = await auditRowsAfter(t, h);
    expect(ev.map((e) => [e.action, e.target_id, e.actor_role])).toEqual([
      ['approval.expire', proposalRequest, 'system'],
    ]);
    const notes = await notificationsOf(t, org.officerA.userId, ['requestDecided', 'requestEnded']);
    // One for the extension that ended with its declassified item, one for the proposal.
    expect(
      notes
        .filter((x) => JSON.parse(x.body).status === 'expired')
        .map((x) => JSON.parse(x.body).type)
        .sort(),
    ).toEqual(['classification.classify', 'classification.extend']);
    expect(await run('approvals.expire')).toBe('expired 0');
    // Too late to decide; the extension asked with a longer time is still open.
    await signInAll(t, org.headA);
    expectError(
      await org.headA.post(`/api/requests/${proposalRequest}/decide`, { version: 2, decision: 'approve' }),
      409,
      'conflict',
    );
    expect(
      json<{ items: { id: string }[] }>(await org.headA.get('/api/requests?box=inbox')).items.map((r) => r.id),
    ).not.toContain(proposalRequest);
    expect(json<ItemDetail>(await org.officerA.get(`/api/items/${proposalItem}`))).toMatchObject({
      status: 'withdrawn',
      markedOn: null,
    });
  });

  it('a later reminder reaches the next items coming due', async () => {
    await requestsExpired();
    expect(await run('classification.expiry-reminder')).toBe('reminded about 1');
    expect(
      (await notificationsOf(t, org.officerA.userId, 'itemExpiring')).map((n) => JSON.parse(n.body).number),
    ).toEqual([month.number, threeMonths.number]);
  });

  it('half a year on: the due items are declassified, the access review is due again, or off when configured so', async () => {
    await requestsExpired();
    t.advance(150 * DAY); // 2027-05-23
    expect(await run('classification.declassify-expired')).toBe('declassified 2');
    for (const id of [threeMonths.id, sixMonths.id])
      expect(await status(id)).toMatchObject({ status: 'declassified', declassify_reason: 'expired' });
    expect(
      (await notificationsOf(t, org.outsiderB.userId, 'itemDeclassified')).map((n) => JSON.parse(n.body).number),
    ).toEqual([sixMonths.number]);
    expect((await status(tenYears.id)).status).toBe('in_force');
    expect(await run('reviews.access-campaign')).toMatch(/^started with \d+ tasks$/);
    expect(await t.ctx.db.selectFrom('review_campaigns').select('kind').execute()).toHaveLength(2);
    await signInAll(t, org.sec);
    await setPolicy(org, { accessReviewIntervalMonths: 0 });
    expect(await run('reviews.access-campaign')).toBe('access reviews are off');
  });
});
