/**
 * Workbench cards (GET /api/workbench): for every person of an organisation with items, grants (some ending
 * soon), an emergency access awaiting review, a review campaign, pending requests and carriers (one lent and
 * overdue, one in transit, one carried out), each card's count equals the total of the list its link opens, for
 * that person: a card never counts what its list would not show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import {
  approveAll,
  classify,
  proposal,
  propose,
  setupOrg,
  signInAll,
  type Org,
} from '../../helpers/classification-org.js';
import { addCarrierPlaces, registerCarrier } from '../../helpers/carrier-org.js';
import { carryOutBy, lendTo, transmitTo } from '../../helpers/carrier-flows.js';
import { dayFromToday, setLeaderInCharge } from '../../helpers/carrier-requests.js';
import type { Workbench } from '../../../src/platform/workbench/contracts.js';
import { courseBody } from '../../helpers/training-course.js';
import { dayFrom, publishedOn, setPersonFacts } from '../../helpers/training-report.js';

describe.each(DB_KINDS)('workbench cards on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    // Carriers of department A: one lent to insider.a and overdue a day later, one transmitted to head.a, one
    // carried out by officer.a with the leader in charge's approval (everyone signs in again after the day).
    const carriers = await addCarrierPlaces(org);
    await setLeaderInCharge(org, org.deptA, org.leader.userId);
    const [lent, sent, carried] = await Promise.all([1, 2, 3].map(async () => (await registerCarrier(carriers))[0]!));
    await lendTo(t, org.officerA, lent!.id, org.insiderA, await dayFromToday(t));
    await transmitTo(t, org.officerA, sent!.id, org.headA);
    await carryOutBy(t, org, org.officerA, carried!.id, org.officerA, await dayFromToday(t, 3));
    // A commitment letter for cleared people with no grace: overdue a day later (it holds nobody at sign-in).
    const letter = json<{ id: string; version: number }>(
      await org.sec.post('/api/agreement-templates', {
        kind: 'commitment',
        title: '保密承诺书',
        departmentId: null,
        post: null,
        validityMonths: null,
        graceDays: 0,
        body: '本人{{name}}承诺保守国家秘密',
        duties: null,
      }),
      201,
    );
    json(await org.sec.post(`/api/agreement-templates/${letter.id}/publish`, { version: letter.version }));
    // An offline onboarding course for everyone, published long ago, for people who started long ago: overdue.
    const course = json<{ id: string; version: number }>(
      await org.sec.post('/api/training/courses', courseBody({ kind: 'onboarding', mode: 'offline' })),
      201,
    );
    json(await org.sec.post(`/api/training/courses/${course.id}/publish`, { version: course.version }));
    await publishedOn(t, course.id, await dayFrom(t, -100));
    await setPersonFacts(t, [...org.byId.keys()], { hiredOn: await dayFrom(t, -100) });
    t.advance(86_400_000 + 60_000);
    await signInAll(t, ...new Set(org.byId.values()));
    // Items in force: one whose period ends within months, one within years, one secret of department B.
    const soon = await classify(org, org.officerA, { period: { value: 2, unit: 'months' } });
    await classify(org, org.officerA, { period: { value: 5, unit: 'years' } });
    const secretB = await classify(org, org.headB, {
      level: 'secret',
      period: { value: 10, unit: 'years' },
      scope: [{ kind: 'department', ref: org.deptB }],
      classifierId: org.leader.userId,
    });
    // Grants: one ending within days, one later; an emergency access the office has still to review.
    for (const days of [3, 30]) {
      const { requestId } = json<{ requestId: string }>(
        await org.outsiderB.post('/api/access-requests', {
          itemId: soon.id,
          actions: ['read'],
          days,
          reason: '工作需要',
        }),
        201,
      );
      await approveAll(org, requestId);
    }
    json(
      await org.headA.post(`/api/items/${secretB.id}/emergency-access`, { reason: '紧急会议需要立即查阅该事项' }),
      201,
    );
    // Pending requests in inboxes, and an access review campaign with tasks for the custodians.
    await propose(org.officerA, proposal(org));
    await propose(org.seniorA, proposal(org, { level: 'secret', period: { value: 10, unit: 'years' } }));
    json(await org.sec.post('/api/review-campaigns', { kind: 'access', title: '访问审查', dueOn: '2027-01-31' }), 201);
  });
  afterAll(() => t.close());

  it('every card of every person counts exactly what the list it links to shows them', async () => {
    const people = [org.sys, org.sec, org.aud, ...new Set(org.byId.values())];
    const seen = new Map<string, number>();
    for (const p of people) {
      const { cards } = json<Workbench>(await p.get('/api/workbench'));
      for (const card of cards) {
        const list = json<{ total: number }>(await p.get(card.link.api));
        expect(card.count, `${p.username} ${card.key}`).toBe(list.total);
        seen.set(card.key, Math.max(seen.get(card.key) ?? 0, card.count));
      }
    }
    // The world gives every card something to count for someone.
    expect([...seen.keys()].sort()).toEqual([
      'approvals.inbox',
      'carriers.carried_out',
      'carriers.department_overdue',
      'carriers.held',
      'carriers.loans_due',
      'carriers.to_sign_for',
      'carriers.unit_overdue',
      'classification.emergency_to_review',
      'classification.grants_expiring',
      'classification.periods_ending',
      'classification.review_tasks',
      'people.overdue',
      'people.to_sign',
      'training.overdue',
      'training.to_do',
    ]);
    for (const [key, max] of seen) expect(max, key).toBeGreaterThan(0);
  });

  it('cards follow the abilities: the system administrator and the auditor get none of classified work', async () => {
    // Only their own agreements to sign and training to take (administrators are no exception).
    for (const a of [org.sys, org.aud])
      expect(json<Workbench>(await a.get('/api/workbench')).cards.map((c) => c.key)).toEqual([
        'people.to_sign',
        'training.to_do',
      ]);
    const sec = json<Workbench>(await org.sec.get('/api/workbench')).cards.map((c) => c.key);
    expect(sec).toContain('classification.emergency_to_review');
    const employee = json<Workbench>(await org.outsiderB.get('/api/workbench')).cards.map((c) => c.key);
    expect(employee).not.toContain('classification.emergency_to_review');
    expect(json<Workbench>(await org.outsiderB.get('/api/workbench')).cards).toContainEqual(
      expect.objectContaining({ key: 'classification.grants_expiring', count: 1 }),
    );
    expectError(await t.agent().get('/api/workbench'), 401, 'unauthenticated');
  });

  it('carriers: the sign-for card counts the recipient, not the sender who keeps it; ledgers by role', async () => {
    const cards = async (p: typeof org.sec) =>
      new Map(json<Workbench>(await p.get('/api/workbench')).cards.map((c) => [c.key, c.count]));
    expect((await cards(org.headA)).get('carriers.to_sign_for')).toBe(1);
    expect((await cards(org.officerA)).get('carriers.to_sign_for')).toBe(0);
    expect((await cards(org.insiderA)).get('carriers.loans_due')).toBe(1);
    expect((await cards(org.officerA)).get('carriers.department_overdue')).toBe(1);
    expect((await cards(org.insiderA)).has('carriers.department_overdue')).toBe(false);
    const sec = await cards(org.sec);
    expect([sec.has('carriers.department_overdue'), sec.get('carriers.unit_overdue')]).toEqual([false, 1]);
    expect((await cards(org.headB)).get('carriers.department_overdue')).toBe(0);
  });

  it('refuses malformed list filters the cards rely on (400)', async () => {
    for (const q of [
      '/api/grants?view=mine&expiresBefore=tomorrow',
      '/api/grants?view=emergency&review=done',
      '/api/items/count?secrecyUntilBefore=2027-13',
    ]) {
      expectError(await org.sec.get(q), 400, 'validation_failed');
    }
  });
});
