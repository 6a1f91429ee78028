/**
 * The demo organisation's training (issue 16): the onboarding, IT-security, offline and elective courses; completed
 * and overdue people; one session held with attendance; a follow-up task; an external certificate; a campaign and an
 * awareness message. The people the end-to-end journeys sign in as have their onboarding done.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import type { AppContext } from '../../../src/platform/context.js';
import { loadDemo } from '../../../src/platform/demo.js';
import { duesOfPeople } from '../../../src/modules/training/services/training-facts.js';
import {
  COMPUTER_USERS,
  ELECTIVE,
  IT_SECURITY,
  OFFLINE_REFRESHER,
  ONBOARDING,
  ONBOARDING_MISSING,
} from '../../../src/modules/training/demo-data.js';

const JOURNEY_PEOPLE = ['hejun', 'machao', 'linfeng', 'huangzhiqiang'];

describe.each(DB_KINDS)('the training of the demo on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  let summary: Record<string, number>;
  /** username -> course title -> state */
  let states: Map<string, Map<string, string>>;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    summary = (await loadDemo(ctx)).modules.training!;
    const titles = new Map(
      (await ctx.db.selectFrom('training_courses').select(['id', 'title']).execute()).map((c) => [c.id, c.title]),
    );
    states = new Map(
      (await duesOfPeople(ctx, ctx.db)).map((p) => [
        p.person.username,
        new Map(p.dues.map((d) => [titles.get(d.courseId)!, d.state])),
      ]),
    );
  }, 120_000);
  afterAll(async () => {
    await ctx.handle.close();
    await db.cleanup();
  });

  it('[TRN-01][TRN-03] publishes the courses, most people completed the onboarding online, the leaders recorded', async () => {
    expect(summary).toMatchObject({
      courses: 4,
      recordedCompletions: 2,
      sessions: 1,
      attendance: OFFLINE_REFRESHER.attended.length,
      assignments: 1,
      external: 1,
      campaigns: 1,
      awareness: 1,
    });
    const courses = await ctx.db.selectFrom('training_courses').select(['title', 'status']).execute();
    expect(courses.every((c) => c.status === 'published')).toBe(true);
    const bySource = await ctx.db
      .selectFrom('training_completions')
      .select(['source', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('source')
      .execute();
    expect(Object.fromEntries(bySource.map((r) => [r.source, Number(r.n)]))).toEqual({
      online: summary.completions,
      recorded: 2,
      session: OFFLINE_REFRESHER.attended.length,
    });
    for (const u of JOURNEY_PEOPLE) expect(states.get(u)?.get(ONBOARDING.title), u).toBe('completed');
    for (const u of ONBOARDING_MISSING) expect(states.get(u)?.get(ONBOARDING.title), u).toBe('overdue');
    expect(states.get('wangjianguo')?.get(ONBOARDING.title)).toBe('completed');
  });

  it('[TRN-10] computer users: the yearly IT-security training completed, expiring, or run out (overdue)', async () => {
    const it = (u: string) => states.get(u)?.get(IT_SECURITY.title);
    for (const u of ['hejun', 'machao', 'huangzhiqiang']) expect(it(u), u).toBe('completed');
    expect(it('linfeng')).toBe('expiring');
    expect(it('gaojie')).toBe('overdue');
    for (const [u, s] of states) if (!COMPUTER_USERS.includes(u)) expect(s.has(IT_SECURITY.title), u).toBe(false);
  });

  it('[TRN-02] the offline refresher: one session held with attendance; attendees completed, the others due', async () => {
    const sessions = await ctx.db.selectFrom('training_sessions').select(['id', 'status']).execute();
    expect(sessions.map((s) => s.status)).toEqual(['held']);
    const attended = await ctx.db
      .selectFrom('training_attendance')
      .select('user_id')
      .where('attended_at', 'is not', null)
      .execute();
    expect(attended).toHaveLength(OFFLINE_REFRESHER.attended.length);
    for (const u of OFFLINE_REFRESHER.attended)
      expect(states.get(u)?.get(OFFLINE_REFRESHER.title), u).toBe('completed');
    expect(states.get('chenjing')?.get(OFFLINE_REFRESHER.title)).toBe('due');
  });

  it('[TRN-13][TRN-11][TRN-12][TRN-06] a follow-up task, an external certificate, a campaign and an awareness message', async () => {
    expect(states.get(ELECTIVE.task.username)?.get(ELECTIVE.title)).toBe('due');
    const tasks = await ctx.db.selectFrom('training_assignments').select(['source', 'source_ref']).execute();
    expect(tasks).toEqual([{ source: 'finding', source_ref: ELECTIVE.task.sourceRef }]);
    expect(await ctx.db.selectFrom('training_external').select('title').execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom('training_campaigns').select('id').execute()).toHaveLength(1);
    expect(await ctx.db.selectFrom('training_awareness').select('id').execute()).toHaveLength(1);
    // Overdue people exist for the report and the cards.
    const overdue = [...states].filter(([, s]) => [...s.values()].includes('overdue')).map(([u]) => u);
    expect(overdue.sort()).toEqual(['gaojie', ...ONBOARDING_MISSING].sort());
  });
});
