import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { classify, setupOrg, type Org } from '../../helpers/classification-org.js';
import type { ItemDetail } from '../../../src/modules/classification/contracts/classification.js';
import type { RequestListItem } from '../../../src/platform/approvals/contracts.js';
import type { GrantListItem } from '../../../src/modules/classification/contracts/access.js';

type Agent = Org['sec'];

/**
 * The per-row abilities of the request and grant lists (GET /api/requests, GET /api/grants): a row is offered
 * for a bulk action exactly when the single action would be accepted, so each claim is checked against the
 * action itself.
 */
describe.each(DB_KINDS)('list abilities on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let secretA: ItemDetail; // secret, scope department A, custodian officer.a

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    secretA = await classify(org, org.officerA, { level: 'secret', title: '甲部机密', content: '甲部机密内容' });
  });
  afterAll(() => t.close());

  const requests = async (a: Agent, box: string) =>
    json<{ items: RequestListItem[] }>(await a.get(`/api/requests?box=${box}&pageSize=100`)).items;
  const grants = async (a: Agent, view: string) =>
    json<{ items: GrantListItem[] }>(await a.get(`/api/grants?view=${view}&pageSize=100`)).items;
  const rowOf = <T extends { id: string }>(rows: T[], id: string) => rows.find((r) => r.id === id);
  const decide = (a: Agent, r: RequestListItem) =>
    a.post(`/api/requests/${r.id}/decide`, { version: r.version, decision: 'approve' });

  it('a request is decidable in the approver’s inbox only, while its step waits for them', async () => {
    const { requestId } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemNumber: secretA.number,
        actions: ['read'],
        days: 5,
        reason: '工作需要',
      }),
      201,
    );
    // The requester sees it among their own, not decidable (nobody approves their own request): refused.
    const mine = rowOf(await requests(org.outsiderB, 'mine'), requestId)!;
    expect(mine.canDecide).toBe(false);
    expect((await decide(org.outsiderB, mine)).statusCode).toBe(403);
    // The custodian decides the first step: offered, and accepted.
    const first = rowOf(await requests(org.officerA, 'inbox'), requestId)!;
    expect(first.canDecide).toBe(true);
    expect((await decide(org.officerA, first)).statusCode).toBe(200);
    // Decided by them, it is no longer theirs to decide; the next step is the confidentiality office's.
    const decided = rowOf(await requests(org.officerA, 'decided'), requestId)!;
    expect(decided.canDecide).toBe(false);
    const second = rowOf(await requests(org.sec, 'inbox'), requestId);
    if (second) {
      expect(second.canDecide).toBe(true);
      expect((await decide(org.sec, second)).statusCode).toBe(200);
    } else {
      // The chain's second step may be another group's: whoever holds it finds it decidable.
      const rest = await Promise.all(
        [...org.byId.values()].map(async (a) => rowOf(await requests(a, 'inbox'), requestId)),
      );
      expect(rest.some((r) => r?.canDecide)).toBe(true);
    }
  });

  it('a grant is revocable by its grantee and by who manages the item’s grants, reviewable by another', async () => {
    const [own] = (await grants(org.outsiderB, 'mine')).filter((g) => g.itemId === secretA.id && g.active);
    expect(own).toMatchObject({ canRevoke: true, canReview: false });
    // The custodian manages the item's grants; a department head of another department sees none of them.
    expect(rowOf(await grants(org.officerA, 'managed'), own!.id)).toMatchObject({ canRevoke: true });
    expect(rowOf(await grants(org.headB, 'managed'), own!.id)).toBeUndefined();
    const revoked = await org.officerA.post(`/api/grants/${own!.id}/revoke`, { version: own!.version, reason: '结束' });
    expect(revoked.statusCode).toBe(200);
    // Revoked, it is revocable by nobody (the action says so too).
    const after = rowOf(await grants(org.sec, 'managed'), own!.id)!;
    expect(after).toMatchObject({ active: false, canRevoke: false });
    expect(
      (await org.sec.post(`/api/grants/${own!.id}/revoke`, { version: after.version, reason: '再撤' })).statusCode,
    ).toBe(409);
  });

  it('an emergency grant waits for another person’s review: the reviewer may, its grantee may not', async () => {
    const em = json<GrantListItem>(
      await org.insiderA.post(`/api/items/${secretA.id}/emergency-access`, { reason: '生产事故紧急处置需要查看' }),
      201,
    );
    expect(rowOf(await grants(org.insiderA, 'mine'), em.id)).toMatchObject({ canRevoke: true, canReview: false });
    const listed = rowOf(await grants(org.sec, 'emergency'), em.id)!;
    expect(listed).toMatchObject({ canRevoke: true, canReview: true });
    const reviewed = await org.sec.post(`/api/grants/${em.id}/review`, {
      version: listed.version,
      verdict: 'justified',
    });
    expect(reviewed.statusCode).toBe(200);
    expect(rowOf(await grants(org.sec, 'emergency'), em.id)).toMatchObject({ canReview: false });
  });
});
