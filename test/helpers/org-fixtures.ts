/**
 * A ready organisation for one test: the app on a fresh database of its own, with the departments, people and
 * classification authority of `setupOrg`, closed when the test finishes. A test that sets up its own
 * organisation passes alone and in any order (CODE_STYLE: nothing is left over from another test).
 *
 *   let org: Org;
 *   beforeEach(async () => {
 *     org = await withOrg(kind);
 *     // ... the items the tests of the file start from
 *   });
 *
 * The organisation is built through the API once per file and database kind, then every test starts on a copy
 * of that database (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL) with its agents'
 * sessions: the same state as building it again, in a fraction of the time.
 */
import { afterAll, onTestFinished } from 'vitest';
import { startTestApp, type AppSnapshot, type TestApp } from './api.js';
import { setupOrg, type Org } from './classification-org.js';
import type { TestDbKind } from './db.js';
import type { Person } from './people.js';

/** An agent as data: what it needs to go on as the same signed-in person in a copy of the app. */
interface AgentState {
  cookies: [string, string][];
  csrf: string;
  mfaSecret: string;
  address: string | undefined;
  userId: string;
  username: string;
}

interface OrgTemplate {
  app: AppSnapshot;
  /** The Org's fields: ids as they are, agents as AgentState. */
  fields: Record<string, string | AgentState>;
}

const templates = new Map<TestDbKind, Promise<OrgTemplate>>();

afterAll(async () => {
  const built = await Promise.allSettled(templates.values());
  templates.clear();
  for (const r of built) if (r.status === 'fulfilled') await r.value.app.db.cleanup();
});

function isAgent(v: unknown): v is Person {
  return typeof v === 'object' && v !== null && 'cookies' in v && 'userId' in v;
}

async function buildTemplate(kind: TestDbKind): Promise<OrgTemplate> {
  const t = await startTestApp(kind);
  try {
    const org = await setupOrg(t);
    const fields: OrgTemplate['fields'] = {};
    for (const [key, value] of Object.entries(org)) {
      if (typeof value === 'string') fields[key] = value;
      else if (isAgent(value))
        fields[key] = {
          cookies: [...value.cookies],
          csrf: value.csrf,
          mfaSecret: value.mfaSecret,
          address: value.address,
          userId: value.userId,
          username: value.username,
        };
    }
    return { app: await t.snapshot(), fields };
  } catch (err) {
    await t.close();
    throw err;
  }
}

function orgOn(t: TestApp, template: OrgTemplate): Org {
  const org: Record<string, unknown> = { t, byId: new Map() };
  const byId = org.byId as Org['byId'];
  for (const [key, value] of Object.entries(template.fields)) {
    if (typeof value === 'string') {
      org[key] = value;
      continue;
    }
    const a = Object.assign(t.agent(), { userId: value.userId, username: value.username });
    a.cookies = new Map(value.cookies);
    a.csrf = value.csrf;
    a.mfaSecret = value.mfaSecret;
    a.address = value.address;
    org[key] = a;
    byId.set(a.userId, a);
  }
  return org as unknown as Org;
}

/** Call inside a test or a `beforeEach`: the app is closed (and its database dropped) when the test finishes. */
export async function withOrg(kind: TestDbKind): Promise<Org> {
  let template = templates.get(kind);
  if (!template) {
    template = buildTemplate(kind);
    templates.set(kind, template);
  }
  const t = await startTestApp(kind, { from: (await template).app });
  // Registered first: the app is closed even when setting up the organisation fails.
  onTestFinished(() => t.close());
  return orgOn(t, await template);
}
