/**
 * The 三员 audit split (issue 17, policy/audit.ts): the security administrator reviews ordinary users' events,
 * the auditor the system and security administrators' (and the jobs'), the whole trail only where the audit
 * setting allows; each administrator sees their own. Property: for random events, every administrator's list
 * (and its total, and the export) holds exactly the events `can(actor, 'audit.view', event)` allows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { parseCsv } from '../../helpers/abuse.js';
import { appendAuditEventsAlone } from '../../../src/platform/audit/audit-repo.js';
import { can } from '../../../src/policy/index.js';
import type { Actor } from '../../../src/kernel/actor.js';
import type { AdminRole } from '../../../src/kernel/roles.js';

const ROLES = ['sysadmin', 'secadmin', 'auditor', 'system', 'employee', 'dept_head', 'leadership', null] as const;

describe.each(DB_KINDS)('the 三员 audit split on %s', (kind) => {
  let t: TestApp;
  const agents = {} as Record<AdminRole, Agent>;
  const actors = {} as Record<AdminRole, Actor>;
  let worker: Agent & { userId: string };
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp(kind);
    for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) {
      agents[role] = await t.admin(role);
      const me = (await agents[role].get('/api/auth/me')).json() as { user: { id: string; username: string } };
      actors[role] = {
        id: me.user.id,
        username: me.user.username,
        displayName: me.user.username,
        departmentId: null,
        adminRole: role,
        businessRoles: [],
        clearanceClass: null,
        status: 'active',
        separationUntil: null,
      };
    }
    worker = await t.employee('split-worker');
  }, 120_000);
  afterAll(() => t.close());

  async function setReadsAll(on: boolean): Promise<void> {
    const cur = (await agents.secadmin.get('/api/audit/settings')).json() as { version: number };
    const r = await agents.secadmin.put('/api/audit/settings', {
      version: cur.version,
      settings: { auditorReadsAll: on },
    });
    expect(r.statusCode, r.body).toBe(200);
  }

  async function listed(agent: Agent, target: string): Promise<{ seqs: number[]; total: number }> {
    const r = await agent.get(`/api/audit/events?target=${target}&pageSize=100&order=asc`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { items: { seq: number }[]; total: number };
    return { seqs: body.items.map((e) => e.seq), total: body.total };
  }

  it('lists, counts and exports exactly what the policy allows, for random events and both settings', async () => {
    const who = fc.constantFrom<keyof typeof actors | 'worker' | 'nobody'>(
      'sysadmin',
      'secadmin',
      'auditor',
      'worker',
      'nobody',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ who, role: fc.constantFrom(...ROLES) }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (events, readsAll) => {
          const target = `split-${kind}-${++run}`;
          const idOf = (w: (typeof events)[number]['who']) =>
            w === 'worker' ? worker.userId : w === 'nobody' ? null : actors[w].id;
          const head = await appendAuditEventsAlone(
            t.ctx.db,
            events.map((e) => ({
              at: new Date().toISOString(),
              actorId: idOf(e.who),
              actorName: e.who,
              actorRole: e.role,
              action: 'auth.login',
              targetType: 'split_test',
              targetId: target,
              result: 'success',
              ip: null,
              requestId: null,
              details: null,
            })),
          );
          const first = head.seq - events.length + 1;
          await setReadsAll(readsAll);
          for (const role of ['sysadmin', 'secadmin', 'auditor'] as const) {
            const rules = { auditorReadsAll: readsAll };
            const expected = events
              .map((e, i) => ({ seq: first + i, e }))
              .filter(({ e }) =>
                can(actors[role], 'audit.view', {
                  kind: 'audit_event',
                  actorId: idOf(e.who),
                  actorRole: e.role,
                  rules,
                }),
              )
              .map(({ seq }) => seq);
            const got = await listed(agents[role], target);
            expect(got.seqs, `${role} sees`).toEqual(expected);
            expect(got.total, `${role} counts`).toBe(expected.length);
            if (role !== 'sysadmin') {
              const csv = await agents[role].get(`/api/audit/export?format=csv&target=${target}`);
              expect(csv.statusCode, csv.body).toBe(200);
              expect(parseCsv(csv.body).length - 1, `${role} exports`).toBe(expected.length);
            }
          }
        },
      ),
      { numRuns: 8 },
    );
  }, 180_000);

  it("the security administrator sees an employee's events and not the auditor's; the auditor sees the security administrator's", async () => {
    await setReadsAll(false);
    const target = `split-named-${kind}`;
    await appendAuditEventsAlone(
      t.ctx.db,
      (['employee', 'auditor', 'secadmin', 'sysadmin'] as const).map((role) => ({
        at: new Date().toISOString(),
        actorId: role === 'employee' ? worker.userId : actors[role].id,
        actorName: role,
        actorRole: role,
        action: 'auth.login',
        targetType: 'split_test',
        targetId: target,
        result: 'success' as const,
        ip: null,
        requestId: null,
        details: null,
      })),
    );
    const roles = async (agent: Agent) => {
      const r = await agent.get(`/api/audit/events?target=${target}&order=asc`);
      return (r.json() as { items: { actorRole: string }[] }).items.map((e) => e.actorRole);
    };
    expect(await roles(agents.secadmin)).toEqual(['employee', 'secadmin']);
    expect(await roles(agents.auditor)).toEqual(['auditor', 'secadmin', 'sysadmin']);
    expect(await roles(agents.sysadmin)).toEqual(['sysadmin']);
    await setReadsAll(true);
    expect(await roles(agents.auditor)).toEqual(['employee', 'auditor', 'secadmin', 'sysadmin']);
    expect(await roles(agents.secadmin)).toEqual(['employee', 'secadmin']);
    await setReadsAll(false);
  });

  it('only the security administrator changes the audit settings; bad input and a stale version change nothing', async () => {
    const before = (await agents.secadmin.get('/api/audit/settings')).json() as {
      version: number;
      settings: { auditorReadsAll: boolean };
    };
    for (const who of [agents.auditor, agents.sysadmin, worker]) {
      const r = await who.put('/api/audit/settings', { version: before.version, settings: { auditorReadsAll: true } });
      expect(r.statusCode).toBe(403);
    }
    const worse = await worker.get('/api/audit/settings');
    expect(worse.statusCode).toBe(403);
    for (const body of [
      { version: before.version, settings: { auditorReadsAll: 'yes' } },
      { version: before.version, settings: { auditorReadsAll: true, extra: 1 } },
      { version: before.version, settings: {} },
      { settings: { auditorReadsAll: true } },
    ]) {
      const r = await agents.secadmin.put('/api/audit/settings', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorCode(r)).toBe('validation_failed');
    }
    const stale = await agents.secadmin.put('/api/audit/settings', {
      version: before.version + 7,
      settings: { auditorReadsAll: !before.settings.auditorReadsAll },
    });
    expect(stale.statusCode).toBe(409);
    const after = (await agents.auditor.get('/api/audit/settings')).json() as typeof before;
    expect(after).toEqual(before);
  });

  it('an ordinary user has no audit trail at all', async () => {
    const r = await worker.get('/api/audit/events');
    expect(r.statusCode).toBe(403);
    const e = await worker.get('/api/audit/export?format=csv');
    expect(e.statusCode).toBe(403);
  });
});
