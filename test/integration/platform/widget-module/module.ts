/**
 * A module that exists only in a test: widgets (a register of its own, in a table the test creates) lent out
 * through the approval engine, and kept by people who must hand them over before they leave. It touches no
 * file outside this folder: it registers its request type and its departure part at run time, the way an
 * installed module does through its `BaomiModule`.
 */
import { sql, type Kysely } from 'kysely';
import { anyOf, type ChainTier, type StepPolicy } from '../../../../src/kernel/approvals.js';
import type { Level } from '../../../../src/kernel/levels.js';
import { audit, auditAlone, type AppContext, type RequestContext } from '../../../../src/platform/context.js';
import type { AuditAction } from '../../../../src/platform/contracts/audit-actions.js';
import type { Trx } from '../../../../src/platform/audit/audit-repo.js';
import { registerRequestTypes, type RequestRow } from '../../../../src/platform/approvals/request-types.js';
import { registerDeparture, type Holding } from '../../../../src/platform/departure.js';
import { endPendingRequests, lockPendingRequests } from '../../../../src/platform/approvals/pending.js';
import { tx } from '../../../../src/platform/context.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test's own table is not in `Database`
type AnyDb = Kysely<any>;
const q = (db: unknown) => db as AnyDb;

export interface WidgetRow {
  id: string;
  code: string;
  title: string;
  level: Level;
  department_id: string;
  keeper_id: string;
  status: string; // in_store | lent
  version: number;
}

export async function createWidgetTable(db: unknown): Promise<void> {
  await sql`create table widgets (
    id text primary key,
    code text not null unique,
    title text not null,
    level text not null,
    department_id text not null,
    keeper_id text not null,
    status text not null,
    version integer not null
  )`.execute(q(db));
}

/** A lending takes the finance supervisor, then the leader in charge of the widget's department. */
const chain: Record<ChainTier, StepPolicy[]> = {
  confidential: [anyOf('role:finance_supervisor'), anyOf('leader_in_charge')],
  secret: [anyOf('role:finance_supervisor'), anyOf('leader_in_charge')],
  top_secret: [anyOf('role:finance_supervisor'), anyOf('leader_in_charge'), anyOf('keeper')],
};

async function widget(db: unknown, id: string): Promise<WidgetRow | undefined> {
  return (await q(db).selectFrom('widgets').selectAll().where('id', '=', id).executeTakeFirst()) as
    WidgetRow | undefined;
}

export function registerWidgets(): void {
  registerRequestTypes([
    {
      type: 'widget.lend',
      targetType: 'widget',
      targetGroups: ['keeper'],
      defaultChain: chain,
      async lockTarget(trx: Trx, _ctx: AppContext, id: string) {
        return (await widget(trx, id)) !== undefined;
      },
      async groupsOf(db, req: RequestRow) {
        const w = await widget(db, req.target_id);
        return { departmentId: w?.department_id ?? null, holders: { keeper: w ? [w.keeper_id] : [] } };
      },
      async describe(db, reqs) {
        const out = new Map<string, { reference: string; title: string | null; level: Level | null }>();
        for (const r of reqs) {
          const w = await widget(db, r.target_id);
          if (w) out.set(r.id, { reference: w.code, title: w.title, level: w.level });
        }
        return out;
      },
      async details(ctx, req) {
        const w = await widget(ctx.db, req.target_id);
        return w ? { status: w.status, keeperId: w.keeper_id } : null;
      },
      async onApproved(trx: Trx, ctx: AppContext, rc: RequestContext, req: RequestRow) {
        await q(trx).updateTable('widgets').set({ status: 'lent' }).where('id', '=', req.target_id).execute();
        await audit(trx, ctx, rc, {
          action: 'widget.lend' as AuditAction,
          targetType: 'widget',
          targetId: req.target_id,
          details: { lentTo: req.requester_id },
        });
      },
    },
  ]);
  registerDeparture('widget', {
    async holdingsOf(_ctx, db, userId): Promise<Holding[]> {
      const rows = (await q(db)
        .selectFrom('widgets')
        .selectAll()
        .where('keeper_id', '=', userId)
        .execute()) as WidgetRow[];
      return rows.map((w) => ({ id: w.id, kind: 'keeper', reference: w.code, level: w.level, blocking: true }));
    },
    async handOver(ctx, rc, fromId, toId, holdingIds) {
      for (const id of holdingIds) {
        await q(ctx.db)
          .updateTable('widgets')
          .set({ keeper_id: toId })
          .where('keeper_id', '=', fromId)
          .where('id', '=', id)
          .execute();
        await auditAlone(ctx, rc, {
          action: 'widget.hand_over' as AuditAction,
          targetType: 'widget',
          targetId: id,
          details: { from: fromId, to: toId },
        });
      }
    },
  });
}

/**
 * Deleting a widget: requests before the target (the lock order), then the requests still pending about it end
 * (audited, their requesters told), so none is left pointing at nothing.
 */
export async function deleteWidget(ctx: AppContext, rc: RequestContext, id: string): Promise<void> {
  await tx(ctx, async (trx) => {
    await lockPendingRequests(trx, ctx.kind, { type: 'widget', id }, null);
    await endPendingRequests(trx, ctx, rc, { type: 'widget', id }, null, 'target_deleted');
    await q(trx).deleteFrom('widgets').where('id', '=', id).execute();
  });
}
