/**
 * The agreements' workbench cards (PER-01/02): `people.to_sign` — my agreements to sign, for everyone, the three
 * administrators too — and `people.overdue` — the people in the reader's scope with an agreement past its date, for
 * the security office and each department's head and officer — each count equal to the total of the list its link
 * opens, for that person (the report with its overdue filter; my agreements to sign).
 *
 * The state (day 1): an NDA for everyone published on day 0 (14 days' grace) and signed by head.a; a commitment
 * letter for cleared people (head.a, officer.a, engineer.a, and the security administrator) with no grace, overdue since day 1 (it does not hold
 * anyone at sign-in: only the NDA and the responsibility letter do).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { advanceDays, createAndPublish, setupPeopleOrg, type PeopleOrg } from '../../helpers/people-org.js';
import { signInAgain, signVersion } from '../../helpers/people-report.js';
import type { Workbench } from '../../../src/platform/workbench/contracts.js';
import type { Agent } from '../../helpers/api.js';

describe.each(DB_KINDS)('agreement cards on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;

  const cards = async (p: Agent) =>
    new Map(json<Workbench>(await p.get('/api/workbench')).cards.map((c) => [c.key, c]));

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    const nda = await createAndPublish(org, { title: '员工保密协议' });
    await createAndPublish(org, { kind: 'commitment', title: '保密承诺书', graceDays: 0 });
    await signVersion(t, org.headA, nda.version.id);
    advanceDays(org, 1);
    for (const p of org.byId.values()) expect(await signInAgain(t, p)).toBe('full');
  });
  afterAll(() => t.close());

  it('every card of every person counts exactly what the list it links to shows them', async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const p of org.byId.values()) {
      for (const card of (await cards(p)).values()) {
        if (!card.key.startsWith('people.')) continue;
        const list = json<{ total: number }>(await p.get(card.link.api));
        expect(card.count, `${p.username} ${card.key}`).toBe(list.total);
        (counts[card.key] ??= {})[p.username] = card.count;
      }
    }
    expect(counts).toEqual({
      'people.to_sign': {
        sysadmin: 1,
        secadmin: 2,
        auditor: 1,
        'head.a': 1,
        'officer.a': 2,
        'engineer.a': 2,
        'tester.a': 1,
        'member.suba': 1,
        'head.b': 1,
        'clerk.b': 1,
      },
      'people.overdue': { secadmin: 4, 'head.a': 3, 'officer.a': 3, 'head.b': 0 },
    });
  });

  it('[PER-01] the cards open the lists they count: my agreements, the report of the overdue', async () => {
    const mine = (await cards(org.engineerA)).get('people.to_sign')!;
    expect(mine.link).toEqual({ web: '/agreements', api: '/api/agreements/mine/to-sign' });
    const list = json<{ items: { kind: string; state: string }[]; total: number }>(
      await org.engineerA.get(mine.link.api),
    );
    expect(list.items.map((o) => [o.kind, o.state])).toEqual([
      ['nda', 'due'],
      ['commitment', 'overdue'],
    ]);
    const office = (await cards(org.sec)).get('people.overdue')!;
    expect(office.link).toEqual({
      web: '/agreement-report?overdue=true',
      api: '/api/agreements/report?overdue=true',
    });
    expect((await cards(org.testerA)).has('people.overdue')).toBe(false);
  });

  it('a signature takes the agreement off the card', async () => {
    const before = (await cards(org.clerkB)).get('people.to_sign')!.count;
    const mine = json<{ items: { versionId: string }[] }>(await org.clerkB.get('/api/agreements/mine/to-sign'));
    await signVersion(t, org.clerkB, mine.items[0]!.versionId);
    expect((await cards(org.clerkB)).get('people.to_sign')!.count).toBe(before - 1);
  });
});
