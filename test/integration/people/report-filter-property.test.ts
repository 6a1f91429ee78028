/**
 * The agreements report and the one policy agree, and its states are the domain's: for every person of a seeded
 * random organisation state, the report (every page) and its count list exactly the people (not departed) for whom
 * `can(actor, 'agreement.view_person', person)` holds — or refuse a reader without `agreement.view_reports` — and
 * each listed person's obligations are what `obligationsOf` computes from the facts the test itself recorded
 * (departments, posts, clearance, the days people joined, templates published, signatures given, leavers asked).
 * Random filters (state, overdue, re-sign, kind, department) keep exactly the obligations they name.
 *
 * The state: people at random in the root, department A, its sub-department and B with random posts, roles and
 * clearance; NDAs, responsibility letters (by department and/or post), commitment and other letters with random
 * grace and validity, some in a second version, published over weeks; random signatures of what each person is
 * asked; a leaver asked for the departure NDA; one person departed, one disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { json } from '../../helpers/people.js';
import { rng, type Rng } from '../../helpers/carrier-world.js';
import {
  advanceDays,
  createAndPublish,
  member,
  publishNewVersion,
  setupPeopleOrg,
  type Admin,
  type PeopleOrg,
  type Person,
} from '../../helpers/people-org.js';
import { signInAgain, signVersion } from '../../helpers/people-report.js';
import { can } from '../../../src/policy/index.js';
import { AGREEMENT_DEFAULTS, OBLIGATION_STATES, type AgreementKind } from '../../../src/kernel/agreements.js';
import { dateOf } from '../../../src/kernel/secrecy-period.js';
import type { BusinessRole } from '../../../src/kernel/roles.js';
import {
  obligationsOf,
  type Obligation,
  type PersonFacts,
  type SignatureFacts,
  type TemplateFacts,
} from '../../../src/modules/people/domain/obligations.js';
import {
  agreementReport,
  keptObligations,
  type ReportInput,
} from '../../../src/modules/people/services/report-service.js';
import { findUserById, toActor } from '../../../src/modules/identity/index.js';
import { getClassificationPolicy, todayOf, withAccess } from '../../../src/platform/organisation.js';
import { AppError } from '../../../src/platform/errors.js';

const SEED = 20261206;

describe.each(DB_KINDS)('agreements report against the policy and the rule on %s', (kind) => {
  let t: TestApp;
  let org: PeopleOrg;
  let r: Rng;
  const agents = new Map<string, Person | Admin>();
  const templates = new Map<string, TemplateFacts>();
  const signatures = new Map<string, SignatureFacts[]>();
  const leaving = new Map<string, string>();
  let parents = new Map<string, string | null>();

  const pathOf = (d: string | null) => {
    const out: string[] = [];
    for (let cur = d; cur && out.length < 64; cur = parents.get(cur) ?? null) out.push(cur);
    return out;
  };
  const today = () => todayOf(t.ctx);

  /** The facts of every person as the test recorded them (the directory's rows for department, post, clearance). */
  async function peopleFacts(): Promise<{ facts: PersonFacts; status: string }[]> {
    const tz = (await getClassificationPolicy(t.ctx)).timeZone;
    const rows = await t.ctx.db
      .selectFrom('users')
      .select(['id', 'department_id', 'post', 'clearance_class', 'created_at', 'status'])
      .execute();
    return rows.map((u) => ({
      status: u.status,
      facts: {
        id: u.id,
        departmentPath: pathOf(u.department_id),
        post: u.post,
        cleared: u.clearance_class !== null,
        joinedOn: dateOf(new Date(u.created_at), tz),
        leavingSince: leaving.get(u.id) ?? null,
      },
    }));
  }

  const obligationsNow = async (p: PersonFacts) =>
    obligationsOf(p, [...templates.values()], signatures.get(p.id) ?? [], AGREEMENT_DEFAULTS, await today());

  async function publishRandom(): Promise<void> {
    const kinds: AgreementKind[] = ['nda', 'responsibility', 'responsibility', 'commitment', 'other'];
    const k = r.pick(kinds);
    const scoped = k === 'responsibility' || k === 'other';
    const departmentId = scoped && r.chance(0.6) ? r.pick([org.deptA, org.subA, org.deptB]) : null;
    const post = scoped && r.chance(0.4) ? r.pick(['工程师', '会计', '测试员']) : null;
    const graceDays = r.chance(0.5) ? null : r.pick([0, 3, 7, 30]);
    const validityMonths = r.chance(0.7) ? null : 1;
    const published = await createAndPublish(org, {
      kind: k,
      departmentId,
      post,
      graceDays,
      validityMonths,
      duties: k === 'responsibility' ? '保管好本岗位涉密载体' : null,
    });
    templates.set(published.template.id, {
      id: published.template.id,
      kind: k,
      departmentId,
      post,
      active: true,
      validityMonths,
      graceDays,
      current: { id: published.version.id, versionNo: 1, publishedOn: await today() },
    });
  }

  async function reviseRandom(): Promise<void> {
    const live = [...templates.values()].filter((x) => x.kind !== 'departure_nda');
    if (live.length === 0) return;
    const tpl = r.pick(live);
    const next = await publishNewVersion(org, tpl.id, { body: `# 新版本 ${r.int(1, 1_000_000)}\n\n{{name}}` });
    tpl.current = { id: next.version.id, versionNo: next.version.versionNo, publishedOn: await today() };
  }

  /** Random people sign random agreements they are asked to sign now (through the API, as they would). */
  async function signRandom(): Promise<void> {
    for (const { facts, status } of await peopleFacts()) {
      if (status !== 'active' || !agents.has(facts.id) || !r.chance(0.4)) continue;
      const open = (await obligationsNow(facts)).filter((o) => o.state !== 'signed');
      if (open.length === 0) continue;
      const o = r.pick(open);
      const id = await signVersion(t, agents.get(facts.id)!, o.versionId);
      const list = signatures.get(facts.id) ?? [];
      list.push({ id, templateId: o.templateId, versionNo: o.versionNo, signedOn: await today(), withdrawn: false });
      signatures.set(facts.id, list);
    }
  }

  beforeAll(async () => {
    r = rng(SEED + (kind === 'postgres' ? 1 : 0));
    t = await startTestApp(kind);
    org = await setupPeopleOrg(t);
    for (const a of org.byId.values()) agents.set(a.userId, a);
    const roles: BusinessRole[][] = [['employee'], ['employee'], ['dept_head'], ['dept_officer'], ['leadership']];
    for (let i = 0; i < 8; i++) {
      const p = await member(t, `rand.${i}`, {
        departmentId: r.pick([t.rootDepartmentId, org.deptA, org.subA, org.deptB]),
        post: r.pick(['工程师', '会计', '测试员', null]),
        roles: r.pick(roles),
        clearance: r.chance(0.5) ? 'important' : null,
      });
      agents.set(p.userId, p);
    }
    parents = new Map(
      (await t.ctx.db.selectFrom('departments').select(['id', 'parent_id']).execute()).map((d) => [d.id, d.parent_id]),
    );
    // The departure NDA, and a leaver asked for it.
    const departure = await createAndPublish(org, { kind: 'departure_nda', title: '离职保密协议' });
    templates.set(departure.template.id, {
      id: departure.template.id,
      kind: 'departure_nda',
      departmentId: null,
      post: null,
      active: true,
      validityMonths: null,
      graceDays: null,
      current: { id: departure.version.id, versionNo: 1, publishedOn: await today() },
    });
    const leaver = r.pick([org.testerA, org.clerkB, org.memberSubA]);
    json(await org.sec.post('/api/agreements/leavers', { userId: leaver.userId }), 201);
    leaving.set(leaver.userId, await today());

    for (let round = 0; round < 6; round++) {
      await signInAgain(t, org.sec);
      await publishRandom();
      if (round % 2 === 1) await reviseRandom();
      await signRandom();
      advanceDays(org, r.int(2, 9));
      // The security office stays in: it signs what it is asked to before it would be held.
      await signOffice();
    }
    // One person departed, one disabled (the report leaves the departed out).
    const [gone, off] = [org.engineerA, org.headB];
    await t.ctx.db.updateTable('users').set({ status: 'departed' }).where('id', '=', gone.userId).execute();
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', off.userId).execute();
  });
  afterAll(() => t.close());

  async function signOffice(): Promise<void> {
    const [sec] = (await peopleFacts()).filter((p) => p.facts.id === org.sec.userId);
    for (const o of await obligationsNow(sec!.facts)) {
      if (o.state === 'signed' || o.state === 'expiring') continue;
      const id = await signVersion(t, org.sec, o.versionId);
      const list = signatures.get(org.sec.userId) ?? [];
      list.push({ id, templateId: o.templateId, versionNo: o.versionNo, signedOn: await today(), withdrawn: false });
      signatures.set(org.sec.userId, list);
    }
  }

  type Shown = Pick<Obligation, 'templateId' | 'versionNo' | 'state' | 'dueOn' | 'expiresOn'>;
  /** Within a kind the order is the templates' (the rule keeps their input order): compared as a set. */
  const shape = (os: readonly Shown[]) =>
    os.map((o) => `${o.templateId}:v${o.versionNo}:${o.state}:${o.dueOn}:${o.expiresOn}`).sort();

  it('every reader lists exactly the people the policy lets them see, in the states the rule computes', async () => {
    const people = await peopleFacts();
    const stats = { readers: 0, refused: 0, rows: 0, states: new Set<string>() };
    const filters: ReportInput[] = [
      {},
      { overdue: 'true' },
      { resign: 'true' },
      { state: r.pick(OBLIGATION_STATES) },
      { kind: r.pick<AgreementKind>(['nda', 'responsibility', 'commitment', 'departure_nda', 'other']) },
      { departmentId: org.deptA },
      { departmentId: org.subA, overdue: 'true' },
    ];
    for (const { facts: me, status } of people) {
      const row = await findUserById(t.ctx.db, me.id);
      const actor = await withAccess(t.ctx, toActor(row!));
      const rc = { actor, ip: null, requestId: null };
      const who = `${row!.username} (${actor.adminRole ?? actor.businessRoles.join('+')}, ${status})`;
      for (const filter of filters) {
        const got = await agreementReport(t.ctx, rc, { ...filter, limit: 200 }).then(
          (x) => x,
          (e: unknown) => e as AppError,
        );
        if (!can(actor, 'agreement.view_reports')) {
          expect(got, who).toBeInstanceOf(AppError);
          expect((got as AppError).code, who).toBe('forbidden');
          stats.refused++;
          continue;
        }
        if (
          filter.departmentId &&
          !can(actor, 'agreement.view_reports', {
            kind: 'agreement_department',
            departmentId: filter.departmentId,
            departmentPath: pathOf(filter.departmentId),
          })
        ) {
          expect((got as AppError).code, `${who} ${JSON.stringify(filter)}`).toBe('not_found');
          continue;
        }
        expect(got, who).not.toBeInstanceOf(AppError);
        const report = got as Exclude<typeof got, AppError>;
        const expected: { id: string; obligations: Obligation[] }[] = [];
        for (const p of people) {
          if (p.status === 'departed') continue;
          if (
            !can(actor, 'agreement.view_person', {
              kind: 'agreement_person',
              userId: p.facts.id,
              departmentPath: p.facts.departmentPath,
            })
          )
            continue;
          if (filter.departmentId && !p.facts.departmentPath.includes(filter.departmentId)) continue;
          const all = await obligationsNow(p.facts);
          const kept = keptObligations(all, filter);
          const narrowed = filter.state || filter.overdue || filter.resign || filter.kind;
          if (narrowed && kept.length === 0) continue;
          expected.push({ id: p.facts.id, obligations: kept });
        }
        const byId = new Map(report.items.map((i) => [i.userId, i]));
        expect([...byId.keys()].sort(), `${who} ${JSON.stringify(filter)}`).toEqual(expected.map((e) => e.id).sort());
        expect(report.total).toBe(expected.length);
        for (const e of expected) {
          expect(shape(byId.get(e.id)!.obligations), `${who} ${JSON.stringify(filter)} row ${e.id}`).toEqual(
            shape(e.obligations),
          );
          for (const o of e.obligations) stats.states.add(o.state);
        }
        stats.rows += expected.length;
      }
      stats.readers++;
    }
    // The generated state covers what it should.
    expect(stats.refused).toBeGreaterThan(0);
    expect(stats.rows).toBeGreaterThan(20);
    expect([...stats.states].sort(), 'states met').toEqual(expect.arrayContaining(['due', 'overdue', 'signed']));
  });
});
