/**
 * Workbench overview cards (GET /api/workbench/overview, issue 17): the office's items by level and status, the
 * auditor's refusals per day and chain status, the system administrator's jobs and backups. Each figure equals the
 * total of the list its link opens for that person; each role gets its own cards and an employee none of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError } from '../../helpers/abuse.js';
import { json } from '../../helpers/people.js';
import { classify, propose, proposal, setupOrg, type Org } from '../../helpers/classification-org.js';
import type { Overview, OverviewResponse } from '../../../src/platform/workbench/contracts.js';
import { recordedBackup } from '../../../src/platform/backup/backup-record.js';

describe.each(DB_KINDS)('workbench overview cards on %s', (kind) => {
  let t: TestApp;
  let org: Org;

  const overviews = async (p: Agent) =>
    new Map(json<OverviewResponse>(await p.get('/api/workbench/overview')).overviews.map((o) => [o.key, o]));
  const fact = (o: Overview, name: string, group: string | null = null) =>
    o.facts.find((f) => f.name === name && f.group === group)?.value;

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    // Items: two in force (secret, confidential), one proposed.
    await classify(org, org.officerA);
    await classify(org, org.headB, {
      level: 'secret',
      period: { value: 10, unit: 'years' },
      scope: [{ kind: 'department', ref: org.deptB }],
      classifierId: org.leader.userId,
    });
    await propose(org.officerA, proposal(org));
    // Refusals: an employee and the security administrator try to verify the chain.
    expectError(await org.outsiderB.post('/api/audit/verify'), 403, 'forbidden');
    expectError(await org.sec.post('/api/audit/verify'), 403, 'forbidden');
  });
  afterAll(() => t.close());

  it('each role gets its own overview cards; an employee none', async () => {
    expect([...(await overviews(org.sec)).keys()].sort()).toEqual(['audit.refusals', 'classification.items_by_level']);
    expect([...(await overviews(org.aud)).keys()].sort()).toEqual(['audit.chain', 'audit.refusals']);
    expect([...(await overviews(org.sys)).keys()].sort()).toEqual(['operations.backup', 'operations.jobs']);
    for (const p of [org.outsiderB, org.headA, org.leader]) expect((await overviews(p)).size).toBe(0);
    expectError(await t.agent().get('/api/workbench/overview'), 401, 'unauthenticated');
  });

  it("the security administrator's refusals card counts what their trail lists: ordinary users' refusals", async () => {
    const today = (await overviews(org.sec)).get('audit.refusals')!.figures[29]!;
    const listed = json<{ items: { actorId: string | null }[]; total: number }>(
      await org.sec.get(`${today.link.api}&pageSize=100`),
    );
    expect(today.count).toBe(listed.total);
    // The employee's refused verification is among them (an ordinary user's event the office reviews).
    expect(listed.items.map((e) => e.actorId)).toContain(org.outsiderB.userId);
  });

  it('the office sees the catalogue by level and status, linked to the catalogue filtered the same way', async () => {
    const items = (await overviews(org.sec)).get('classification.items_by_level')!;
    const at = (level: string, status: string) => items.figures.find((f) => f.group === level && f.series === status)!;
    expect(at('secret', 'in_force').count).toBe(1);
    expect(at('confidential', 'in_force').count).toBe(1);
    expect(at('confidential', 'proposed').count).toBe(1);
    expect(at('secret', 'in_force').link.web).toBe('/items?level=secret&status=in_force');
    // Only classified levels in use: no internal or public bars, no commercial ones by default.
    expect(new Set(items.figures.map((f) => f.group))).toEqual(new Set(['top_secret', 'secret', 'confidential']));
  });

  it('the auditor sees refusals per day (today holds them) and the chain status before and after a verification', async () => {
    let aud = await overviews(org.aud);
    const refusals = aud.get('audit.refusals')!;
    expect(refusals.figures).toHaveLength(30);
    expect(refusals.figures[29]!.count).toBeGreaterThanOrEqual(1);
    expect(refusals.figures[29]!.link.web).toMatch(/^\/audit\?result=denied&from=.+&to=.+/);
    let chain = aud.get('audit.chain')!;
    expect([chain.severity, fact(chain, 'last_verified_at')]).toEqual(['warning', null]);
    json(await org.aud.post('/api/audit/verify'));
    t.advance(1000);
    // An administrator's refusal after it: an event the auditor reviews, not yet covered by a verification.
    expectError(await org.sec.post('/api/audit/verify'), 403, 'forbidden');
    aud = await overviews(org.aud);
    chain = aud.get('audit.chain')!;
    expect([chain.severity, fact(chain, 'last_result')]).toEqual(['normal', 'success']);
    expect(fact(chain, 'events_checked')).toEqual(expect.any(Number));
    expect(chain.figures[0]!.count).toBeGreaterThanOrEqual(1);
  });

  it('the system administrator sees each job’s last run and the backups; red without a backup, then after a week', async () => {
    let sys = await overviews(org.sys);
    const backup = sys.get('operations.backup')!;
    expect([backup.severity, fact(backup, 'last_good_at')]).toEqual(['danger', null]);
    expect(sys.get('operations.jobs')!.facts.some((f) => f.group === 'mail.deliver')).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baomi-wb-backup-'));
    try {
      // A backup that cannot be written (its target is a file) is recorded as a failed one.
      const notADir = path.join(dir, 'a-file');
      fs.writeFileSync(notADir, '');
      await expect(recordedBackup(t.ctx, notADir)).rejects.toThrow();
      const failed = (await overviews(org.sys)).get('operations.backup')!;
      expect([failed.severity, fact(failed, 'last_outcome')]).toEqual(['danger', 'failed']);
      expect(failed.figures.find((f) => f.series === 'failed')!.count).toBe(1);

      const made = await recordedBackup(t.ctx, dir);
      expect(made.bytes).toBeGreaterThan(0);
      sys = await overviews(org.sys);
      const b = sys.get('operations.backup')!;
      expect([b.severity, fact(b, 'age_days'), fact(b, 'last_good_where'), fact(b, 'last_good_bytes')]).toEqual([
        'normal',
        0,
        made.dir,
        made.bytes,
      ]);
      // The same backup a week and a day old (moving the clock would end every session).
      const old = new Date(t.ctx.now().getTime() - 8 * 86_400_000).toISOString();
      await t.ctx.db.updateTable('job_runs').set({ started_at: old, finished_at: old }).execute();
      expect((await overviews(org.sys)).get('operations.backup')!.severity).toBe('danger');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every overview figure of every person equals the total of the list its link opens', async () => {
    const people = [org.sys, org.sec, org.aud, org.outsiderB, org.headA];
    let figures = 0;
    for (const p of people) {
      for (const o of (await overviews(p)).values()) {
        for (const f of o.figures) {
          const list = json<{ total: number }>(await p.get(f.link.api));
          expect(f.count, `${o.key} ${f.series} ${f.group}`).toBe(list.total);
          figures++;
        }
      }
    }
    expect(figures).toBeGreaterThan(40);
  });
});
