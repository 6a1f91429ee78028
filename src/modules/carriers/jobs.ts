import { tx, type AppContext } from '../../platform/context.js';
import type { JobDef } from '../../platform/jobs/scheduler.js';
import { todayOf } from '../../platform/organisation.js';
import {
  noticeSent,
  notifyUsers,
  openTaskNotices,
  resolveTaskNotices,
  usersWithAdminRole,
} from '../../platform/notifications/notification-service.js';
import { circulationOverdueTask, notifyAboutCarrier, telegramCleanupTask } from './services/carrier-notices.js';
import { circulationTask } from './services/circulation-service.js';
import { carryOutTask, loanTask } from './services/return-tasks.js';
import { addDays, daysBetween, reminderDue } from './domain/movement-rules.js';
import { carrierSettings } from './services/carrier-settings.js';
import { carrierLink } from './services/movement-support.js';

/**
 * The register's daily jobs (CAR-13, CAR-05, CAR-12, CAR-14): reminders before a loan is due and once it, a
 * circulation or a carry-out is overdue; and the periodic clean-up of 文电 (telegrams kept in store longer than the
 * setting). Dates are the organisation's calendar dates (`todayOf`). Every notice carries a dedupe key naming the
 * movement and the day (the clean-up: the custodian and the interval), so a job run twice — by a restart or a
 * second instance — never tells anyone twice.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Rows per kind per run: a backlog larger than this is worked off on the following runs. */
const BATCH = 2000;

export interface ReminderSummary {
  loansDueSoon: number;
  loansOverdue: number;
  circulationsOverdue: number;
  carryOutsOverdue: number;
}

/** Loans due within `remindDaysBefore` days, and loans, circulations and carry-outs out past their date. */
export async function remindCarriers(ctx: AppContext): Promise<ReminderSummary> {
  const today = await todayOf(ctx);
  const { remindDaysBefore } = await carrierSettings(ctx);
  const out: ReminderSummary = { loansDueSoon: 0, loansOverdue: 0, circulationsOverdue: 0, carryOutsOverdue: 0 };

  const loans = await ctx.db
    .selectFrom('carrier_loans as l')
    .innerJoin('carriers as c', 'c.id', 'l.carrier_id')
    .select(['l.id', 'l.carrier_id', 'l.borrower_id', 'l.due_on', 'c.number', 'c.custodian_id'])
    .where('l.status', '=', 'active')
    .where('l.due_on', '<=', addDays(today, remindDaysBefore))
    .orderBy('l.due_on')
    .limit(BATCH)
    .execute();
  const circulations = await ctx.db
    .selectFrom('carrier_circulations as o')
    .innerJoin('carriers as c', 'c.id', 'o.carrier_id')
    .select(['o.id', 'o.carrier_id', 'o.due_on', 'c.number', 'c.custodian_id'])
    .where('o.status', '=', 'open')
    .where('o.due_on', '<', today)
    .orderBy('o.due_on')
    .limit(BATCH)
    .execute();
  const carryOuts = await ctx.db
    .selectFrom('carrier_carry_outs as o')
    .innerJoin('carriers as c', 'c.id', 'o.carrier_id')
    .select(['o.id', 'o.carrier_id', 'o.bearer_id', 'o.return_on', 'c.number', 'c.custodian_id'])
    .where('o.status', '=', 'out')
    .where('o.return_on', '<', today)
    .orderBy('o.return_on')
    .limit(BATCH)
    .execute();
  const unsigned = circulations.length
    ? await ctx.db
        .selectFrom('carrier_circulation_readers')
        .select(['circulation_id', 'reader_id'])
        .where(
          'circulation_id',
          'in',
          circulations.map((c) => c.id),
        )
        .where('signed_at', 'is', null)
        .execute()
    : [];

  await tx(ctx, async (trx) => {
    for (const l of loans) {
      const due = reminderDue(l.due_on, today, remindDaysBefore);
      const params = { number: l.number, dueOn: l.due_on };
      const link = carrierLink(l.carrier_id);
      if (due === 'due_soon') {
        await notifyAboutCarrier(trx, ctx, [l.borrower_id], l.carrier_id, {
          notice: 'loanDueSoon',
          params,
          link,
          dedupeKey: `carriers.loanDueSoon:${l.id}:${today}`,
          taskKey: loanTask(l.id),
        });
        out.loansDueSoon++;
      } else if (due === 'overdue') {
        await notifyAboutCarrier(trx, ctx, [l.borrower_id, l.custodian_id], l.carrier_id, {
          notice: 'loanOverdue',
          params,
          link,
          dedupeKey: `carriers.loanOverdue:${l.id}:${today}`,
          taskKey: loanTask(l.id),
        });
        out.loansOverdue++;
      }
    }
    for (const c of circulations) {
      const readers = unsigned.filter((r) => r.circulation_id === c.id).map((r) => r.reader_id);
      // A reader's part is to sign off (done as they do); the custodian's, to see it through (done at the last).
      await notifyAboutCarrier(
        trx,
        ctx,
        [...readers, c.custodian_id],
        c.carrier_id,
        {
          notice: 'circulationOverdue',
          params: { number: c.number, dueOn: c.due_on },
          link: carrierLink(c.carrier_id),
          dedupeKey: `carriers.circulationOverdue:${c.id}:${today}`,
        },
        (viewer) => (readers.includes(viewer.id) ? circulationTask(c.id) : circulationOverdueTask(c.id)),
      );
      out.circulationsOverdue++;
    }
    const office = carryOuts.length ? await usersWithAdminRole(trx, ['secadmin']) : [];
    for (const o of carryOuts) {
      await notifyAboutCarrier(trx, ctx, [o.bearer_id, o.custodian_id, ...office], o.carrier_id, {
        notice: 'carryOutOverdue',
        params: { number: o.number, dueOn: o.return_on },
        link: carrierLink(o.carrier_id),
        dedupeKey: `carriers.carryOutOverdue:${o.id}:${today}`,
        taskKey: carryOutTask(o.id),
      });
      out.carryOutsOverdue++;
    }
  });
  return out;
}

/**
 * 文电 clean-up (CAR-14, 定时清理): telegrams in store for longer than `telegramCleanupDays` since they were
 * registered; each custodian hears how many they keep, once per interval (the intervals count whole periods of
 * that many days from 1970-01-01, so every instance agrees which one it is).
 */
export async function remindTelegramCleanup(ctx: AppContext): Promise<{ custodians: number; telegrams: number }> {
  const today = await todayOf(ctx);
  const { telegramCleanupDays } = await carrierSettings(ctx);
  const before = new Date(ctx.now().getTime() - telegramCleanupDays * DAY).toISOString();
  const rows = await ctx.db
    .selectFrom('carriers')
    .select(['custodian_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('kind', '=', 'telegram')
    .where('status', '=', 'in_store')
    .where('created_at', '<', before)
    .groupBy('custodian_id')
    .execute();
  const interval = Math.floor(daysBetween('1970-01-01', today) / telegramCleanupDays);
  await tx(ctx, async (trx) => {
    const now = ctx.now().toISOString();
    // A custodian who has dealt with every old telegram since (or lost them by a change of settings) is done.
    const keeping = new Set(rows.map((r) => r.custodian_id));
    for (const open of await openTaskNotices(trx, telegramCleanupTask('')))
      if (!keeping.has(open.userId)) await resolveTaskNotices(trx, open.taskKey, now);
    for (const r of rows) {
      const notice = {
        notice: 'telegramCleanup',
        params: { count: Number(r.n) },
        link: '/carriers?ledger=personal&kind=telegram&status=in_store',
        dedupeKey: `carriers.telegramCleanup:${telegramCleanupDays}:${interval}`,
        taskKey: telegramCleanupTask(r.custodian_id),
      } as const;
      // A new interval's count replaces the last one's (whose notice the same run would otherwise leave open).
      if (await noticeSent(trx, r.custodian_id, notice.dedupeKey)) continue;
      await resolveTaskNotices(trx, notice.taskKey, now);
      await notifyUsers(trx, ctx, [r.custodian_id], notice);
    }
  });
  return { custodians: rows.length, telegrams: rows.reduce((s, r) => s + Number(r.n), 0) };
}

export function carrierJobs(): JobDef[] {
  return [
    {
      name: 'carriers.reminders',
      intervalMs: DAY,
      run: async (c) => {
        const r = await remindCarriers(c);
        return `loans due soon ${r.loansDueSoon}, loans overdue ${r.loansOverdue}, circulations overdue ${r.circulationsOverdue}, carry-outs overdue ${r.carryOutsOverdue}`;
      },
    },
    {
      name: 'carriers.telegram_cleanup',
      intervalMs: DAY,
      run: async (c) => {
        const r = await remindTelegramCleanup(c);
        return `${r.telegrams} telegrams to clear, ${r.custodians} custodians told`;
      },
    },
  ];
}
