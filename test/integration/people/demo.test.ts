/**
 * The demo organisation's agreements (issue 15): the NDA in two versions (the first superseded), a responsibility
 * letter per department with its duties and per post where it has duties of its own, the commitment letter, the
 * departure NDA; signed, re-sign-due, overdue (held at sign-in) and unsigned people, leaders' paper signatures, one
 * leaver asked. The people the end-to-end journeys sign in as are signed and stay unheld when a journey moves the
 * clock weeks on (test/integration/platform/demo.test.ts verifies the demo's audit chain).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, freshDatabase, type FreshDatabase } from '../../helpers/db.js';
import { loadConfig } from '../../../src/platform/config.js';
import { createContext } from '../../../src/platform/runtime.js';
import type { AppContext } from '../../../src/platform/context.js';
import { loadDemo } from '../../../src/platform/demo.js';
import { todayOf } from '../../../src/platform/organisation.js';
import { holdsAtSignIn } from '../../../src/modules/people/domain/obligations.js';
import { obligationsFor } from '../../../src/modules/people/services/obligation-service.js';
import { STANDINGS, DEPARTMENT_LETTERS, POST_LETTERS } from '../../../src/modules/people/demo-data.js';

const DAY = 86_400_000;
/** The people the end-to-end journeys sign in as (test/e2e/**), the carriers' loan journey 16 days later. */
const JOURNEY_PEOPLE = ['hejun', 'machao', 'linfeng', 'huangzhiqiang'];

describe.each(DB_KINDS)('the agreements of the demo on %s', (kind) => {
  let db: FreshDatabase;
  let ctx: AppContext;
  let summary: Record<string, number>;
  let ids: Map<string, string>;

  /** username -> each obligation as `kind:state`, on the day `days` after the demo was loaded. */
  const standings = async (days = 0) => {
    const base = ctx.now().getTime();
    const c: AppContext = { ...ctx, now: () => new Date(base + days * DAY) };
    const all = await obligationsFor(c, c.db, [...ids.values()], await todayOf(c));
    return new Map([...ids].map(([u, id]) => [u, all.get(id)!.obligations]));
  };

  beforeAll(async () => {
    db = await freshDatabase(kind);
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl: db.url, kdfCost: 1024, jobsEnabled: false, logLevel: 'silent' },
    );
    ctx = await createContext(config, { log: pino({ level: 'silent' }) });
    summary = (await loadDemo(ctx)).modules.people!;
    ids = new Map(
      (await ctx.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
    );
  });
  afterAll(async () => {
    await ctx.handle.close();
    await db.cleanup();
  });

  it('publishes the NDA in two versions, the letters, the commitment letter and the departure NDA', async () => {
    const letters = DEPARTMENT_LETTERS.length + POST_LETTERS.length;
    expect(summary).toMatchObject({ templates: letters + 3, versions: letters + 4, leavers: 1 });
    const templates = await ctx.db
      .selectFrom('agreement_templates')
      .select(['kind', 'current_version', 'draft_duties'])
      .execute();
    expect(templates.filter((t) => t.kind === 'nda').map((t) => t.current_version)).toEqual([2]);
    expect(templates.filter((t) => t.kind === 'responsibility' && t.draft_duties)).toHaveLength(letters);
    expect(new Set(templates.map((t) => t.kind))).toEqual(
      new Set(['nda', 'responsibility', 'commitment', 'departure_nda']),
    );
    const paper = await ctx.db
      .selectFrom('agreement_signatures')
      .select('id')
      .where('method', '=', 'paper')
      .where('blob_id', 'is not', null)
      .execute();
    expect(paper.length).toBe(summary.paperSignatures);
    expect(paper.length).toBeGreaterThan(0);
  });

  it('[PER-01][PER-02] signed, re-sign-due, overdue and unsigned people, as the demo data says', async () => {
    const now = await standings();
    const of = (u: string) => now.get(u)!;
    for (const [u, s] of Object.entries(STANDINGS)) {
      const states = of(u).map((o) => o.state);
      const enforced = of(u).filter((o) => o.kind === 'nda' || o.kind === 'responsibility');
      switch (s) {
        case 'signed':
          expect(
            enforced.map((o) => `${o.kind}:${o.state}`),
            u,
          ).toEqual(enforced.map((o) => `${o.kind}:signed`));
          break;
        case 'resign_nda':
          expect(of(u).find((o) => o.kind === 'nda')!.state, u).toBe('resign_due');
          break;
        case 'resign_letter':
          expect(of(u).find((o) => o.kind === 'responsibility')!.state, u).toBe('resign_due');
          break;
        case 'overdue':
          expect(of(u).find((o) => o.kind === 'responsibility')!.state, u).toBe('resign_overdue');
          break;
        case 'unsigned':
          expect(new Set(states), u).toEqual(new Set(['due']));
      }
      expect(holdsAtSignIn(of(u)), u).toBe(s === 'overdue');
    }
    // The leaver has the departure NDA to sign.
    expect(of('wulei').find((o) => o.kind === 'departure_nda')?.state).toBe('due');
    // The NDA's obligations name its second version.
    expect(
      new Set(
        of('hejun')
          .filter((o) => o.kind === 'nda')
          .map((o) => o.versionNo),
      ),
    ).toEqual(new Set([2]));
  });

  it('the people the journeys sign in as are signed, and not held when the clock moves weeks on', async () => {
    for (const days of [0, 16, 30]) {
      const later = await standings(days);
      for (const u of JOURNEY_PEOPLE) expect(holdsAtSignIn(later.get(u)!), `${u} after ${days} days`).toBe(false);
    }
    const now = await standings();
    for (const u of JOURNEY_PEOPLE)
      expect(
        now
          .get(u)!
          .filter((o) => o.state !== 'signed')
          .map((o) => o.kind),
        u,
      ).toEqual([]);
  });
});
