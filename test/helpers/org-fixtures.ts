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
 */
import { onTestFinished } from 'vitest';
import { startTestApp } from './api.js';
import { setupOrg, type Org } from './classification-org.js';
import type { TestDbKind } from './db.js';

/** Call inside a test or a `beforeEach`: the app is closed (and its database dropped) when the test finishes. */
export async function withOrg(kind: TestDbKind): Promise<Org> {
  const t = await startTestApp(kind);
  // Registered first: the app is closed even when setting up the organisation fails.
  onTestFinished(() => t.close());
  return setupOrg(t);
}
