import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { expectError, expectRefusedQuietly } from '../../helpers/abuse.js';
import { department, json, type Person } from '../../helpers/people.js';
import {
  addPerson,
  approveAll,
  classify,
  count,
  listAll,
  proposal,
  propose,
  setClearance,
  setupOrg,
  type Org,
} from '../../helpers/classification-org.js';
import type { ItemDetail, ItemSummary } from '../../../src/modules/classification/contracts/classification.js';
import { rankOf, type Level } from '../../../src/kernel/levels.js';

/** GET /api/items and /api/items/count: need-to-know filter, filters, sorts, cursor paging and search. */
describe.each(DB_KINDS)('catalogue lists and search on %s', (kind) => {
  let t: TestApp;
  let org: Org;
  let deptL: string;
  let officer: Person; // custodian of every item of department L
  let imp: Person; // L, important
  let gen: Person; // L, general
  let none: Person; // L, no clearance
  const made: (ItemSummary & { scope: 'L' | 'B' | 'open'; userScope?: string })[] = [];
  let granted: ItemDetail; // an L item the outsider of B holds a grant for

  async function make(
    by: Agent,
    scope: 'L' | 'B' | 'open',
    overrides: Record<string, unknown>,
    outcome: 'approve' | 'pending' | 'reject' = 'approve',
    userScope?: string,
  ) {
    const entries =
      scope === 'open'
        ? []
        : [
            { kind: 'department', ref: scope === 'L' ? deptL : org.deptB },
            ...(userScope ? [{ kind: 'user', ref: userScope }] : []),
          ];
    const open = scope === 'open' ? { period: null, classifierId: null, level: 'internal' } : {};
    const { item, requestId } = await propose(
      by,
      proposal(org, { basis: '一览表第9条', scope: entries, ...open, ...overrides }),
    );
    if (item.status === 'proposed' && outcome === 'approve') await approveAll(org, requestId);
    if (outcome === 'reject') {
      const r = await t.ctx.db
        .selectFrom('approval_requests')
        .select(['chain'])
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow();
      const approver = org.byId.get((JSON.parse(r.chain) as { approvers: string[] }[])[0]!.approvers[0]!)!;
      json(await approver.post(`/api/requests/${requestId}/decide`, { version: 1, decision: 'reject' }));
    }
    const d = json<ItemDetail>(await by.get(`/api/items/${item.id}`));
    made.push({ ...d, scope, ...(userScope ? { userScope } : {}) });
    return d;
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    org = await setupOrg(t);
    deptL = await department(t, org.sys, '列表部');
    officer = await addPerson(org, 'list.officer', {
      departmentId: deptL,
      roles: ['dept_officer'],
      clearance: 'important',
    });
    await addPerson(org, 'list.head', { departmentId: deptL, roles: ['dept_head'], clearance: 'core' });
    imp = await addPerson(org, 'list.imp', { departmentId: deptL, clearance: 'important' });
    gen = await addPerson(org, 'list.gen', { departmentId: deptL, clearance: 'general' });
    none = await addPerson(org, 'list.none', { departmentId: deptL });
    const years = (value: number) => ({ period: { value, unit: 'years' } });
    // Several items share an until-date (same period, same day): ties are broken by registration order.
    for (const p of [5, 3, 5, 8, 5, 1])
      await make(officer, 'L', {
        level: 'confidential',
        ...years(p),
        category: p === 5 ? 'finance_report' : 'research_result',
      });
    await make(officer, 'L', { level: 'confidential', period: { value: 6, unit: 'months' } });
    await make(officer, 'L', { level: 'confidential', title: '发动机维修手册', ...years(4) });
    await make(officer, 'L', { level: 'confidential', title: '动机不明的机研所记录', ...years(4) });
    await make(officer, 'L', {
      level: 'confidential',
      title: 'Falcon Engine Spec',
      content: 'Zeppelin cruise data',
      ...years(2),
    });
    await make(officer, 'L', { level: 'confidential', title: 'FALCON budget 2027', ...years(2) });
    await make(officer, 'L', { level: 'secret', title: '新型发动机研制方案', ...years(10) });
    for (const p of [10, 20, 5]) await make(officer, 'L', { level: 'secret', ...years(p) });
    await make(officer, 'L', { level: 'secret', period: null, declassifyCondition: '产品发布后' });
    await make(officer, 'L', { level: 'secret', title: '发动机 pending one', ...years(7) }, 'pending');
    await make(officer, 'L', { level: 'secret', ...years(7) }, 'pending');
    await make(officer, 'L', { level: 'confidential', title: '被驳回的发动机', ...years(2) }, 'reject');
    // The general-cleared colleague is named, but the level is above their clearance: named while they were
    // cleared for it (naming someone not cleared is refused), then their clearance was lowered.
    await setClearance(org, gen.userId, 'important');
    await make(officer, 'L', { level: 'secret', ...years(3) }, 'approve', gen.userId);
    await setClearance(org, gen.userId, 'general');
    await make(org.headB, 'B', { level: 'secret', title: '财务部发动机采购', ...years(3) });
    await make(org.headB, 'B', { level: 'confidential', ...years(3) });
    await make(officer, 'open', { title: '保密工作年度计划' });
    await make(officer, 'open', { title: '内部通讯录' });
    await make(org.headB, 'open', { title: '公开招标公告', level: 'public' });
    await make(org.headB, 'open', { title: '发动机展览 public', level: 'public' });
    granted = made.find((m) => m.title === 'Falcon Engine Spec') as unknown as ItemDetail;
    const { requestId } = json<{ requestId: string }>(
      await org.outsiderB.post('/api/access-requests', {
        itemId: granted.id,
        actions: ['read'],
        days: 5,
        reason: '联合评审',
      }),
      201,
    );
    await approveAll(org, requestId);
  });
  afterAll(() => t.close());

  const seqOf = (i: { number: string }) => Number(i.number.slice(-6));
  const RANK: Record<string, number> = { core: 4, important: 3, general: 2, none: 1 };

  /** What each viewer should see: the same rules as the policy, written out for this data set. */
  function expected(viewer: Agent): string[] {
    const v = viewer as Person;
    return made
      .filter((m) => {
        const rank = rankOf(m.level as Level);
        if (m.scope === 'open') return true;
        if (v === org.sys) return false;
        if (v === org.sec) return true;
        const cleared =
          {
            [officer.userId]: 3,
            [imp.userId]: 3,
            [gen.userId]: 2,
            [none.userId]: 1,
            [org.outsiderB.userId]: 3,
            [org.headB.userId]: 3,
          }[v.userId] ?? RANK.none!;
        if (rank > cleared) return false;
        if (m.custodianId === v.userId || m.userScope === v.userId) return true;
        if (m.scope === 'L')
          return [officer, imp, gen, none].includes(v) || (v === org.outsiderB && m.id === granted.id);
        return v === org.outsiderB || v === org.headB;
      })
      .map((m) => m.id)
      .sort();
  }

  const viewers = () => [officer, imp, gen, none, org.outsiderB, org.sec, org.sys] as Agent[];

  it('[CAR-05] every list and count shows exactly what need-to-know and clearance allow', async () => {
    for (const v of viewers()) {
      const ids = (await listAll(v)).map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort(), (v as Person).username).toEqual(expected(v));
      expect(await count(v)).toBe(ids.length);
    }
    // The grant makes the item visible to the outsider, and only that one of department L.
    const ofL = new Set(made.filter((m) => m.scope === 'L').map((m) => m.id));
    expect((await listAll(org.outsiderB)).filter((i) => ofL.has(i.id)).map((i) => i.id)).toEqual([granted.id]);
  });

  it.each([
    ['level=secret', (m: ItemSummary) => m.level === 'secret'],
    ['level=internal', (m: ItemSummary) => m.level === 'internal'],
    ['status=proposed', (m: ItemSummary) => m.status === 'proposed'],
    ['status=rejected', (m: ItemSummary) => m.status === 'rejected'],
    ['status=in_force&level=confidential', (m: ItemSummary) => m.status === 'in_force' && m.level === 'confidential'],
    ['category=finance_report', (m: ItemSummary) => m.category === 'finance_report'],
  ])('filters by %s, list and count agreeing', async (query, pred) => {
    for (const v of [officer, gen, org.sec, org.outsiderB] as Agent[]) {
      const want = made
        .filter((m) => expected(v).includes(m.id) && pred(m))
        .map((m) => m.id)
        .sort();
      const got = (await listAll(v, query, 4)).map((i) => i.id);
      expect([...got].sort()).toEqual(want);
      expect(await count(v, query)).toBe(want.length);
    }
  });

  it('pages through every sort and order with the cursor: no duplicates, nothing lost, stable order', async () => {
    const key: Record<string, (i: ItemSummary) => string | number> = {
      number: () => 0,
      secrecyUntil: (i) => i.secrecyUntil ?? '9999-12-31',
      level: (i) => (i.status === 'declassified' ? 0 : rankOf(i.level)),
    };
    for (const v of viewers()) {
      for (const sort of ['number', 'secrecyUntil', 'level']) {
        for (const order of ['asc', 'desc'] as const) {
          const all = (await listAll(v, `sort=${sort}&order=${order}`, 100)).map((i) => i);
          const sorted = [...all].sort((a, b) => {
            const ka = key[sort]!(a);
            const kb = key[sort]!(b);
            const c = ka < kb ? -1 : ka > kb ? 1 : seqOf(a) - seqOf(b);
            return order === 'asc' ? c : -c;
          });
          expect(
            all.map((i) => i.number),
            `${sort} ${order}`,
          ).toEqual(sorted.map((i) => i.number));
          expect(all.map((i) => i.id).sort()).toEqual(expected(v));
          for (const limit of v === officer ? [2, 5] : [5]) {
            const paged = await listAll(v, `sort=${sort}&order=${order}`, limit);
            expect(
              paged.map((i) => i.number),
              `${(v as Person).username} ${sort} ${order} ${limit}`,
            ).toEqual(all.map((i) => i.number));
          }
        }
      }
    }
    // Default: newest first by number.
    const def = json<{ items: ItemSummary[]; nextCursor: string | null }>(await officer.get('/api/items'));
    expect(def.items.map(seqOf)).toEqual([...def.items.map(seqOf)].sort((a, b) => b - a));
    expect(def.items).toHaveLength(20);
    expect(def.nextCursor).not.toBeNull();
  });

  it('pages with filters and search too', async () => {
    const q = encodeURIComponent('发动机');
    for (const query of [
      'status=in_force&sort=secrecyUntil',
      'level=confidential&sort=level&order=asc',
      `q=${q}&sort=number&order=asc`,
      `q=${q}`,
      `q=${q}&level=confidential`,
      `q=${q}&sort=secrecyUntil`,
    ]) {
      for (const v of [officer, org.sec, gen] as Agent[]) {
        const all = await listAll(v, query, 100);
        expect(all.length).toBeGreaterThan(v === officer ? 1 : 0);
        expect(
          (await listAll(v, query, 2)).map((i) => i.id),
          `${(v as Person).username} ${query}`,
        ).toEqual(all.map((i) => i.id));
        expect(await count(v, query.replace(/&?(sort|order)=[a-zA-Z]+/g, ''))).toBe(all.length);
      }
    }
  });

  it('refuses bad list parameters and cursors (400) without an audit entry', async () => {
    const page = json<{ nextCursor: string }>(await officer.get('/api/items?limit=2'));
    const h = await t.auditHead();
    for (const q of [
      'level=ultra',
      'status=lost',
      'sort=title',
      'order=up',
      'limit=0',
      'limit=101',
      'limit=1e1',
      'limit=%205',
      'limit=-1',
      'page=2',
      `q=${'x'.repeat(65)}`,
      `cursor=${'A'.repeat(201)}`,
    ]) {
      await expectRefusedQuietly(t, h, await officer.get(`/api/items?${q}`), 400, 'validation_failed');
    }
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    for (const cursor of [
      'not-base64-json',
      b64('{"seq":'),
      b64({ seq: 'x' }),
      b64({ seq: 1.5 }),
      b64({ seq: 3, value: { a: 1 } }),
      b64([1, 2]),
    ]) {
      const r = await officer.get(`/api/items?cursor=${cursor}`);
      await expectRefusedQuietly(t, h, r, 400, 'bad_request');
      expect((r.json() as { error: { details: unknown } }).error.details).toEqual({ field: 'cursor' });
    }
    await expectRefusedQuietly(t, h, await officer.get('/api/items/count?sort=number'), 400, 'validation_failed');
    const next = json<{ items: ItemSummary[] }>(await officer.get(`/api/items?limit=2&cursor=${page.nextCursor}`));
    expect(next.items).toHaveLength(2);
  });

  // Regression (was a bug): the cursor is not checked against the sort it is used with. A cursor of the secrecyUntil order (or any
  // cursor whose value is text) used with sort=level makes PostgreSQL fail on the integer comparison (500), and
  // SQLite answer some page; a cursor without a value used with sort=secrecyUntil answers an empty page. A cursor
  // that does not belong to the requested order is a bad cursor: 400.
  it('a cursor that does not fit the requested sort is refused (400), not answered with a wrong page or 500', async () => {
    const byUntil = json<{ nextCursor: string }>(await officer.get('/api/items?sort=secrecyUntil&limit=2')).nextCursor;
    const byNumber = json<{ nextCursor: string }>(await officer.get('/api/items?sort=number&limit=2')).nextCursor;
    const h = await t.auditHead();
    await expectRefusedQuietly(
      t,
      h,
      await officer.get(`/api/items?sort=level&limit=2&cursor=${byUntil}`),
      400,
      'bad_request',
    );
    await expectRefusedQuietly(
      t,
      h,
      await officer.get(`/api/items?sort=secrecyUntil&limit=2&cursor=${byNumber}`),
      400,
      'bad_request',
    );
  });

  describe('search', () => {
    const titles = async (a: Agent, q: string) =>
      (await listAll(a, `q=${encodeURIComponent(q)}`)).map((i) => i.title).sort();

    it('finds two-character Chinese terms in titles, only among visible items, count agreeing', async () => {
      expect(await titles(officer, '发动机')).toEqual(
        ['发动机 pending one', '发动机维修手册', '发动机展览 public', '新型发动机研制方案', '被驳回的发动机'].sort(),
      );
      expect(await count(officer, `q=${encodeURIComponent('发动机')}`)).toBe(5);
      expect(await titles(gen, '发动机')).toEqual(['发动机维修手册', '发动机展览 public', '被驳回的发动机'].sort());
      expect(await titles(org.outsiderB, '发动机')).toEqual(['发动机展览 public', '财务部发动机采购'].sort());
      expect(await titles(org.sys, '发动机')).toEqual(['发动机展览 public']);
      expect(await titles(officer, '维修')).toEqual(['发动机维修手册']);
      // Combined with filters.
      expect(
        (await listAll(officer, `q=${encodeURIComponent('发动机')}&level=secret&status=in_force`)).map((i) => i.title),
      ).toEqual(['新型发动机研制方案']);
    });

    it('checks longer phrases as phrases, not as scattered bigrams', async () => {
      expect(await titles(officer, '动机研')).toEqual(['新型发动机研制方案']);
      expect(await titles(officer, '机研')).toEqual(['动机不明的机研所记录', '新型发动机研制方案'].sort());
      expect(await titles(officer, '发动机研制方案')).toEqual(['新型发动机研制方案']);
      expect(await titles(officer, '研制 维修')).toEqual([]);
      expect(await titles(officer, '年度计划')).toEqual(['保密工作年度计划']);
      // The basis is searchable too.
      expect((await listAll(officer, `q=${encodeURIComponent('一览表')}`)).length).toBe(expected(officer).length);
    });

    it('finds Latin words (any case, full-width too) and item numbers; not content, not word prefixes', async () => {
      expect(await titles(officer, 'falcon')).toEqual(['FALCON budget 2027', 'Falcon Engine Spec']);
      expect(await titles(officer, 'FALCON')).toEqual(['FALCON budget 2027', 'Falcon Engine Spec']);
      expect(await titles(officer, 'Ｆａｌｃｏｎ')).toEqual(['FALCON budget 2027', 'Falcon Engine Spec']);
      expect(await titles(officer, 'falcon engine')).toEqual(['Falcon Engine Spec']);
      expect(await titles(officer, 'falc')).toEqual([]);
      expect(await titles(officer, 'zeppelin')).toEqual([]);
      expect(await titles(gen, '2027')).toEqual(['FALCON budget 2027']);
      const target = made.find((m) => m.title === '新型发动机研制方案')!;
      expect((await listAll(officer, `q=${target.number}`)).map((i) => i.id)).toEqual([target.id]);
      expect((await listAll(officer, `q=${target.number.toLowerCase()}`)).map((i) => i.id)).toEqual([target.id]);
      // The same number searched by someone who may not see the item finds nothing.
      expect(await listAll(gen, `q=${target.number}`)).toEqual([]);
      expect(await count(org.outsiderB, `q=${target.number}`)).toBe(0);
    });

    it('a query without searchable characters finds nothing; a single character matches as a substring', async () => {
      for (const q of ['★', '！？', '  -  ']) {
        expect(json<{ items: unknown[] }>(await officer.get(`/api/items?q=${encodeURIComponent(q)}`)).items).toEqual(
          [],
        );
        expect(await count(officer, `q=${encodeURIComponent(q)}`)).toBe(0);
      }
      expect(await titles(officer, '册')).toEqual(['发动机维修手册']);
      expect(await titles(officer, '机 维')).toEqual(['发动机维修手册']);
      expectError(await officer.get(`/api/items?q=${'发'.repeat(65)}`), 400, 'validation_failed');
    });

    it('a renamed item is found under its new title only', async () => {
      const item = await classify(org, officer, {
        title: '旧名称雷达',
        basis: '一览表第9条',
        scope: [{ kind: 'department', ref: deptL }],
      });
      json(await officer.patch(`/api/items/${item.id}`, { version: item.version, title: '新名称声呐' }));
      expect(await titles(imp, '雷达')).toEqual([]);
      expect(await titles(imp, '声呐')).toEqual(['新名称声呐']);
      expect(await count(imp, `q=${encodeURIComponent('名称')}`)).toBe(1);
    });
  });

  // Regression (was a bug): the fast page (registration order, no filter) reads at most limit+1 rows per principal; the grants branch
  // reads grant rows, not items, so several active grants on one item (a request and emergency access) fill
  // its quota with one item and the cursor then skips the other granted items: they are never listed.
  it('several grants on one item do not push other granted items off the pages', async () => {
    const dept = await department(t, org.sys, '多授权部');
    const grantee = await addPerson(org, 'multi.grantee', { departmentId: dept, clearance: 'important' });
    const items: ItemDetail[] = [];
    for (let i = 0; i < 3; i++) {
      const item = await classify(org, officer, { basis: '授权测试依据', scope: [{ kind: 'department', ref: deptL }] });
      const { requestId } = json<{ requestId: string }>(
        await grantee.post('/api/access-requests', { itemId: item.id, actions: ['read'], days: 5, reason: '协作' }),
        201,
      );
      await approveAll(org, requestId);
      items.push(item);
    }
    for (let i = 0; i < 2; i++)
      json(await grantee.post(`/api/items/${items[2]!.id}/emergency-access`, { reason: '紧急处置需要再次查看' }), 201);
    const all = (await listAll(grantee, '', 100)).map((i) => i.id);
    expect(all).toEqual(expect.arrayContaining(items.map((i) => i.id)));
    expect(await count(grantee)).toBe(all.length);
    expect((await listAll(grantee, '', 2)).map((i) => i.id)).toEqual(all);
  });
});
