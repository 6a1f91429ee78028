/**
 * Audit retention and signed archive segments (issue 20, platform/audit/archive.ts): the retention setting's floor,
 * archiving a range into a segment file, verification with and without the archive (never a silent pass: the
 * archived range is reported), a segment altered or missing is named, the retention job, and the auditor's search
 * of a segment (others are told "not found or no access", audited).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_KINDS } from '../../helpers/db.js';
import { errorCode, startTestApp, type Agent, type TestApp } from '../../helpers/api.js';
import { auditAlone, SYSTEM_CONTEXT, type AppContext } from '../../../src/platform/context.js';
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import type { AuditVerifyResult } from '../../../src/platform/contracts/audit-verify.js';
import { archiveAudit, listSegments } from '../../../src/platform/audit/archive.js';
import { auditArchiveDirOf } from '../../../src/platform/audit/archive-files.js';
import { signAuditHead } from '../../../src/platform/audit/head-signer.js';
import { checkpointStoreFor, signRecord, type FileCheckpointStore } from '../../../src/platform/audit/checkpoints.js';
import { verifyAuditChain } from '../../../src/platform/audit/verify.js';
import { describeVerification, parseArchiveCutoff } from '../../../src/cli/commands/audit.js';
import { archiveByRetention } from '../../../src/modules/audit/jobs.js';
import { main } from '../../../src/cli/index.js';

const MONTH = 31 * 24 * 3600_000;

describe.each(DB_KINDS)('audit archive on %s', (kind) => {
  let t: TestApp;
  let secadmin: Agent;
  let auditor: Agent;
  let sysadmin: Agent;
  let worker: Agent;
  let dir: string;
  /** What each reader's live trail listed per filter, up to the archived seq, before archiving (compared after). */
  const liveBefore = new Map<string, number[]>();
  const readers = () => ({ secadmin, auditor, sysadmin });
  const FILTERS = ['', 'result=denied', 'actor=secadmin', 'action=test.event,auth.login', 'target=audit'];
  const seqsOf = async (agent: Agent, url: string) => {
    const r = await agent.get(url);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { items: { seq: number }[]; total: number };
    expect(body.total).toBeLessThan(100);
    return body.items.map((e) => e.seq);
  };

  const events = async (n: number) => {
    for (let i = 0; i < n; i++) {
      t.advance(1000);
      await auditAlone(t.ctx, SYSTEM_CONTEXT, { action: 'test.event' as AuditAction, details: { i } });
    }
  };
  const verify = (ctx: AppContext, withArchive: boolean) =>
    verifyAuditChain(ctx.db, checkpointStoreFor(ctx.config), ctx.keys, undefined, {
      ...(withArchive ? { archiveDir: auditArchiveDirOf(ctx.config) } : {}),
      archiveLocation: auditArchiveDirOf(ctx.config),
    });
  const deniedReads = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'audit.archive_read')
          .where('result', '=', 'denied')
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    secadmin = await t.admin('secadmin');
    auditor = await t.admin('auditor');
    sysadmin = await t.admin('sysadmin');
    worker = await t.employee('archive-worker');
    dir = auditArchiveDirOf(t.ctx.config);
    // A refusal: an ordinary user's denied event, archived below.
    expect((await worker.get('/api/audit/events')).statusCode).toBe(403);
    await events(5);
    // A checkpoint inside the range archived below: judged without the archive from the segment's signed record.
    await signAuditHead(t.ctx);
    await events(5);
  }, 120_000);
  afterAll(() => t.close());

  it('the retention is never below six months, and a client that omits it keeps it', async () => {
    const cur = (await secadmin.get('/api/audit/settings')).json() as { version: number; settings: object };
    expect(cur.settings).toEqual({ auditorReadsAll: false, retentionMonths: null });
    const low = await secadmin.put('/api/audit/settings', {
      version: cur.version,
      settings: { auditorReadsAll: false, retentionMonths: 5 },
    });
    expect(low.statusCode).toBe(400);
    const ok = await secadmin.put('/api/audit/settings', {
      version: cur.version,
      settings: { auditorReadsAll: false, retentionMonths: 6 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const v = (ok.json() as { version: number }).version;
    const kept = await secadmin.put('/api/audit/settings', { version: v, settings: { auditorReadsAll: true } });
    expect(kept.json()).toMatchObject({ settings: { auditorReadsAll: true, retentionMonths: 6 } });
    // Only the security administrator sets it.
    expect(
      (await auditor.put('/api/audit/settings', { version: v + 1, settings: { auditorReadsAll: true } })).statusCode,
    ).toBe(403);
  });

  it('archives a range into a signed segment; verifies across it with the archive, says what is archived without', async () => {
    // A time window over the test events, for the filters below.
    const times = await t.ctx.db
      .selectFrom('audit_events')
      .select('at')
      .where('action', '=', 'test.event')
      .orderBy('seq')
      .execute();
    FILTERS.push(`from=${times[2]!.at}&to=${times[7]!.at}`);
    const head = await t.auditHead();
    for (const [name, agent] of Object.entries(readers()))
      for (const f of FILTERS) {
        const seqs = await seqsOf(agent, `/api/audit/events?${f}&order=asc&pageSize=100`);
        liveBefore.set(
          `${name} ${f}`,
          seqs.filter((seq) => seq <= head - 3),
        );
      }
    const r = await archiveAudit(t.ctx, SYSTEM_CONTEXT, parseArchiveCutoff(String(head - 3)));
    expect(r.events).toBe(head - 3);
    // The last signed head (beforeAll) is before head - 3: the head is signed first, the range checked against it.
    expect(r.signedFirst).toBe(`signed head ${head}`);
    expect(r.archivedThrough?.seq).toBe(head - 3);
    expect(r.segments).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, r.segments[0]!.file))).toBe(true);
    // Only the service's user reads the archive: folder 0700, files 0600.
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, r.segments[0]!.file)).mode & 0o777).toBe(0o600);
    const live = await t.ctx.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.min('seq').as('s'))
      .executeTakeFirstOrThrow();
    expect(Number(live.s)).toBe(head - 2);
    const archived = await t.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'audit.archive')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(archived.details)).toMatchObject({ firstSeq: 1, lastSeq: head - 3, file: r.segments[0]!.file });
    await signAuditHead(t.ctx);

    const without = await verify(t.ctx, false);
    expect(without.ok, JSON.stringify(without.firstBreak)).toBe(true);
    expect(without.archive).toMatchObject({ segments: 1, firstSeq: 1, lastSeq: head - 3, verified: false });
    expect(without.eventsChecked).toBe(without.headSeq - (head - 3));
    expect(describeVerification(without)).toContain(`Archived events 1 to ${head - 3}`);
    expect(describeVerification(without)).toContain('--with-archive');

    const whole = await verify(t.ctx, true);
    expect(whole.ok, JSON.stringify(whole.firstBreak)).toBe(true);
    expect(whole.eventsChecked).toBe(whole.headSeq);
    expect(whole.archive?.verified).toBe(true);

    // The API's verification (the auditor's) reads the archive when asked.
    const api = await auditor.post('/api/audit/verify?withArchive=true');
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ ok: true, archive: { verified: true, segments: 1 } });
    const apiLive = (await auditor.post('/api/audit/verify')).json() as AuditVerifyResult;
    expect(apiLive).toMatchObject({ ok: true, archive: { verified: false } });
  });

  it('the auditor searches a segment as the live trail; others are told not found or no access, audited', async () => {
    const list = await auditor.get('/api/audit/archive/segments');
    expect(list.statusCode, list.body).toBe(200);
    const [segment] = (list.json() as { items: { id: string; file: string; firstSeq: number; lastSeq: number }[] })
      .items;
    expect(segment).toBeDefined();
    const hits = await auditor.get(
      `/api/audit/archive/segments/${segment!.id}/events?action=test.event&order=asc&pageSize=3`,
    );
    expect(hits.statusCode, hits.body).toBe(200);
    const body = hits.json() as { items: { seq: number; action: string; details: unknown }[]; total: number };
    expect(body.total).toBeGreaterThanOrEqual(5);
    expect(body.items).toHaveLength(3);
    expect(body.items.every((e) => e.action === 'test.event' && e.seq <= segment!.lastSeq)).toBe(true);
    expect(body.items[0]!.details).toEqual({ i: 0 });
    const read = await t.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'audit.archive_read')
      .where('result', '=', 'success')
      .executeTakeFirst();
    expect(read?.target_id).toBe(segment!.file);

    // Each reader finds in the segment exactly what their live trail listed there, filter by filter.
    for (const [name, agent] of Object.entries(readers()))
      for (const f of FILTERS) {
        const seqs = await seqsOf(
          agent,
          `/api/audit/archive/segments/${segment!.id}/events?${f}&order=asc&pageSize=100`,
        );
        expect(seqs, `${name} ${f}`).toEqual(liveBefore.get(`${name} ${f}`));
      }
    // The comparison is not between empty lists: each filter finds events for someone, the whole trail for the auditor.
    for (const f of FILTERS)
      expect(
        Object.keys(readers()).some((name) => liveBefore.get(`${name} ${f}`)!.length > 0),
        f,
      ).toBe(true);
    expect(liveBefore.get('auditor ')!.length).toBe(segment!.lastSeq);

    const before = await deniedReads();
    for (const url of ['/api/audit/archive/segments', `/api/audit/archive/segments/${segment!.id}/events`]) {
      const refused = await worker.get(url);
      expect(refused.statusCode).toBe(404);
      expect(errorCode(refused)).toBe('not_found');
    }
    expect(await deniedReads()).toBe(before + 2);
    // Unknown filter fields are refused like the live trail's.
    expect((await auditor.get(`/api/audit/archive/segments/${segment!.id}/events?bogus=1`)).statusCode).toBe(400);
  });

  it('a segment altered by one byte or missing fails verification, named; the live part alone still verifies', async () => {
    const [segment] = await listSegments(t.ctx.db);
    const file = path.join(dir, segment!.file);
    const original = fs.readFileSync(file);
    try {
      const altered = Buffer.from(original);
      const at = original.length - 20;
      altered[at] = altered[at] === 0x31 ? 0x32 : 0x31;
      fs.writeFileSync(file, altered);
      const r = await verify(t.ctx, true);
      expect(r.ok).toBe(false);
      expect(r.firstBreak).toMatchObject({ kind: 'archive_altered' });
      expect(r.firstBreak!.message).toContain(segment!.file);
      const search = await auditor.get(`/api/audit/archive/segments/${segment!.id}/events`);
      expect(search.statusCode).toBe(409);
      expect((await verify(t.ctx, false)).ok).toBe(true);

      fs.rmSync(file);
      const gone = await verify(t.ctx, true);
      expect(gone.firstBreak).toMatchObject({ kind: 'archive_missing' });
      expect(gone.firstBreak!.message).toContain(segment!.file);
    } finally {
      fs.writeFileSync(file, original);
    }
    expect((await verify(t.ctx, true)).ok).toBe(true);

    // The database's record of the boundary is signed too: moving it fails even without the archive.
    const moved = '1'.repeat(64);
    await t.ctx.db
      .updateTable('audit_archive_segments')
      .set({ last_hash: moved })
      .where('id', '=', segment!.id)
      .execute();
    try {
      const r = await verify(t.ctx, false);
      expect(r.firstBreak).toMatchObject({ kind: 'archive_record' });
      expect(r.firstBreak!.message).toContain(segment!.file);
    } finally {
      await t.ctx.db
        .updateTable('audit_archive_segments')
        .set({ last_hash: segment!.last_hash })
        .where('id', '=', segment!.id)
        .execute();
    }
  });

  it('the retention job archives what is older than the retention, continuing the chain from the last segment', async () => {
    await events(3);
    fs.chmodSync(dir, 0o755); // a folder an operator made with the default umask is tightened
    const later = new Date(t.ctx.now().getTime() + 7 * MONTH);
    const atLater: AppContext = { ...t.ctx, now: () => later };
    const summary = await archiveByRetention(atLater);
    expect(summary).toMatch(/^archived \d+ event\(s\)/);
    const segments = await listSegments(t.ctx.db);
    expect(segments).toHaveLength(2);
    expect(segments[1]!.first_seq).toBe(segments[0]!.last_seq + 1);
    expect(segments[1]!.prev_hash).toBe(segments[0]!.last_hash);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, segments[1]!.file)).mode & 0o777).toBe(0o600);
    await signAuditHead(t.ctx);
    const whole = await verify(t.ctx, true);
    expect(whole.ok, JSON.stringify(whole.firstBreak)).toBe(true);
    expect(whole.eventsChecked).toBe(whole.headSeq);
    expect((await verify(t.ctx, false)).ok).toBe(true);
    // Nothing newer than the cutoff moves: a second run archives nothing.
    expect(await archiveByRetention(atLater)).toMatch(/^archived 0 event/);
  });

  it('never archives a broken chain: refused, nothing moved, no file left', async () => {
    await events(2);
    const [victim] = await t.ctx.db
      .selectFrom('audit_events')
      .select(['seq', 'details'])
      .where('action', '=', 'test.event')
      .orderBy('seq')
      .execute();
    const files = fs.readdirSync(dir).sort();
    const segments = (await listSegments(t.ctx.db)).length;
    await t.ctx.db.updateTable('audit_events').set({ details: '{"i":99}' }).where('seq', '=', victim!.seq).execute();
    try {
      await expect(archiveAudit(t.ctx, SYSTEM_CONTEXT, { throughSeq: victim!.seq })).rejects.toThrow(
        `first problem at event ${victim!.seq}`,
      );
      expect(fs.readdirSync(dir).sort()).toEqual(files);
      expect(await listSegments(t.ctx.db)).toHaveLength(segments);
    } finally {
      await t.ctx.db
        .updateTable('audit_events')
        .set({ details: victim!.details })
        .where('seq', '=', victim!.seq)
        .execute();
    }

    // A chain that verifies but differs from a signed head in the range (a rewritten chain) is refused too.
    const store = checkpointStoreFor(t.ctx.config) as FileCheckpointStore;
    const saved = fs.readFileSync(store.file);
    try {
      await store.append(
        signRecord(t.ctx.keys, { kind: 'head', seq: victim!.seq, hash: 'f'.repeat(64), at: t.ctx.now().toISOString() }),
      );
      await expect(archiveAudit(t.ctx, SYSTEM_CONTEXT, { throughSeq: victim!.seq })).rejects.toThrow(
        `event ${victim!.seq} differs from the signed head`,
      );
      expect(fs.readdirSync(dir).sort()).toEqual(files);
      expect(await listSegments(t.ctx.db)).toHaveLength(segments);
    } finally {
      fs.writeFileSync(store.file, saved);
    }
  });

  /** Runs the CLI on this installation (its own context on the same database); what it printed and its exit code. */
  async function cli(args: string[]): Promise<{ out: string; code: number }> {
    const printed: string[] = [];
    const spies = (['log', 'error'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void printed.push(a.join(' '))),
    );
    const vars = { DATABASE_URL: t.db.url, BAOMI_DATA_DIR: t.db.dataDir, BAOMI_KDF_COST: '1024' };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    const exit = process.exitCode;
    for (const [k, v] of Object.entries(vars))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    try {
      await main(['node', 'baomi', ...args]);
      return { out: printed.join('\n'), code: Number(process.exitCode ?? 0) };
    } finally {
      process.exitCode = exit;
      for (const sp of spies) sp.mockRestore();
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  }

  it.runIf(kind === 'sqlite')(
    'baomi audit archive --before <seq>, then audit verify with and without the archive',
    async () => {
      await events(2); // after the last signed head: the archiving signs the head first
      const head = await t.auditHead();
      const archived = await cli(['audit', 'archive', '--before', String(head)]);
      expect(archived.code, archived.out).toBe(0);
      expect(archived.out).toContain(`No signed head covered those events yet: signed head ${head} first`);
      expect(archived.out).toMatch(/Archived \d+ event\(s\) in 1 segment\(s\)/);
      const at = (await listSegments(t.ctx.db)).at(-1)!.last_at;
      const again = await cli(['audit', 'archive', '--before', '3']);
      expect(again.code, again.out).toBe(0);
      expect(again.out).toBe(
        `Nothing to archive: already archived through event ${head} (${at}), and no live event is before that cutoff.`,
      );
      const live = await cli(['audit', 'verify']);
      expect(live.code, live.out).toBe(0);
      expect(live.out).toContain(`Archived events 1 to ${head}`);
      expect(live.out).toContain('not read');
      const whole = await cli(['audit', 'verify', '--with-archive']);
      expect(whole.code, whole.out).toBe(0);
      expect(whole.out).toContain('read and verified with the live part, from the first event');

      // A segment file gone: the report says broken, never "verified", and how to get the archive back.
      const segments = await listSegments(t.ctx.db);
      const file = path.join(dir, segments[segments.length - 1]!.file);
      fs.renameSync(file, `${file}.away`);
      try {
        const broken = await cli(['audit', 'verify', '--with-archive']);
        expect(broken.code, broken.out).toBe(1);
        expect(broken.out).toContain('AUDIT CHAIN BROKEN');
        expect(broken.out).toContain('archive_missing');
        expect(broken.out).not.toContain('verified with the live part');
        expect(broken.out).toContain('NOT verified');
        expect(broken.out).toContain('Restore the segment files from a backup');
        expect(broken.out).toContain('BAOMI_AUDIT_ARCHIVE_DIR');
      } finally {
        fs.renameSync(`${file}.away`, file);
      }
    },
  );
});
