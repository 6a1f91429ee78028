/**
 * Training's workbench cards (TRN-01/02): `training.to_do` — my training due or overdue, for everyone, the three
 * administrators too — and `training.overdue` — the people in the reader's scope with a course overdue, for the
 * security office and each department's head and officer — each count equal to the total of the list its link
 * opens, for that person (my open training; the report with its overdue filter).
 *
 * The state: an onboarding course for all published 60 days ago (everyone started in 2020: overdue), completed by
 * head.a and clerk.b; an elective assigned to nobody; a refresher for department A published today (due in 30 days).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { createPublished } from '../../helpers/training-course.js';
import { complete, dayFrom, publishedOn, setPersonFacts } from '../../helpers/training-report.js';
import type { Workbench } from '../../../src/platform/workbench/contracts.js';

describe.each(DB_KINDS)('training cards on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let onboarding = '';

  const cards = async (p: Agent) =>
    new Map(json<Workbench>(await p.get('/api/workbench')).cards.map((c) => [c.key, c]));

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    const everyone = (await t.ctx.db.selectFrom('users').select('id').execute()).map((u) => u.id);
    await setPersonFacts(t, everyone, { hiredOn: '2020-01-01' });
    onboarding = (await createPublished(org, { title: '入职保密培训', kind: 'onboarding' })).id;
    await publishedOn(t, onboarding, await dayFrom(t, -60));
    await createPublished(org, { title: '选修', kind: 'elective' });
    await createPublished(org, {
      title: '研发部年度培训',
      kind: 'refresher',
      audience: [{ kind: 'department', departmentId: org.deptA }],
    });
    for (const p of [org.headA, org.clerkB]) await complete(t, p.userId, onboarding, await dayFrom(t, -1));
  });
  afterAll(() => t.close());

  it('[TRN-01] every card of every person counts exactly what the list it links to shows them', async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const p of org.byId.values()) {
      for (const card of (await cards(p)).values()) {
        if (!card.key.startsWith('training.')) continue;
        const list = json<{ total: number }>(await p.get(card.link.api));
        expect(card.count, `${p.username} ${card.key}`).toBe(list.total);
        (counts[card.key] ??= {})[p.username] = card.count;
      }
    }
    expect(counts).toEqual({
      'training.to_do': {
        sysadmin: 1,
        secadmin: 1,
        auditor: 1,
        'head.a': 1,
        'officer.a': 2,
        'engineer.a': 2,
        'tester.a': 2,
        'member.suba': 2,
        'head.b': 1,
        'clerk.b': 0,
      },
      'training.overdue': { secadmin: 8, 'head.a': 4, 'officer.a': 4, 'head.b': 1 },
    });
  });

  it('[TRN-02] the cards open the lists they count: my training, the report of the overdue', async () => {
    const mine = (await cards(org.engineerA)).get('training.to_do')!;
    expect(mine.link).toEqual({ web: '/training', api: '/api/training/me/to-do' });
    const list = json<{ items: { title: string; state: string; dueOn: string }[]; total: number }>(
      await org.engineerA.get(mine.link.api),
    );
    expect(list.items.map((d) => [d.title, d.state, d.dueOn])).toEqual([
      ['入职保密培训', 'overdue', await dayFrom(t, -30)],
      ['研发部年度培训', 'due', await dayFrom(t, 30)],
    ]);
    const office = (await cards(org.sec)).get('training.overdue')!;
    expect(office.link).toEqual({
      web: '/training/report?state=overdue',
      api: '/api/training/report?state=overdue',
    });
    expect((await cards(org.testerA)).has('training.overdue')).toBe(false);
  });

  it('a completion takes the course off the card', async () => {
    const before = (await cards(org.testerA)).get('training.to_do')!.count;
    await complete(t, org.testerA.userId, onboarding, await dayFrom(t, 0));
    expect((await cards(org.testerA)).get('training.to_do')!.count).toBe(before - 1);
  });
});
