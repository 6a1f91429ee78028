/**
 * The sign-in steps decide the next stage inside their transaction, and read the account policy there. On SQLite
 * the transaction holds the one connection: a read through `ctx.db` instead of the transaction waits for it
 * forever, and every later request with it (the e2e sign-ins that hung under load: the policy's cache had run
 * out between the read before the transaction and the one inside it). With the cache emptied inside the
 * transaction, each step must still answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type TestApp } from '../../helpers/api.js';
import { tx } from '../../../src/platform/context.js';
import { findUserByUsername } from '../../../src/modules/identity/index.js';
import { invalidatePolicyCache } from '../../../src/modules/identity/services/settings-service.js';
import {
  requirementOf,
  stageAfterSecondFactor,
} from '../../../src/modules/identity/services/second-factors/factors.js';

/** The promise's value, or a failure naming the step when it does not answer within a few seconds. */
async function answers<T>(step: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} did not answer: a read outside the transaction?`)), 5_000);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(DB_KINDS)('sign-in reads inside its transaction on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('decides the factor required and the stage after a second factor with the policy cache run out', async () => {
    const user = (await findUserByUsername(t.ctx.db, t.creds.secadmin!.username))!;
    const { req, stage } = await answers(
      'the stage after a second factor',
      tx(t.ctx, async (trx) => {
        invalidatePolicyCache(t.ctx);
        const req = await requirementOf(t.ctx, user, trx);
        invalidatePolicyCache(t.ctx);
        return { req, stage: await stageAfterSecondFactor(trx, t.ctx, user) };
      }),
    );
    expect(req).toBeTruthy();
    // The administrator's one-time password is still to be changed.
    expect(stage).toBe('password_change');
  });

  it('signs in with the policy cache emptied just before', async () => {
    const a = t.agent();
    invalidatePolicyCache(t.ctx);
    const r = await answers('sign-in', a.login(t.creds.auditor!.username, t.creds.auditor!.oneTimePassword));
    expect(r.statusCode, r.body).toBe(200);
  });
});
