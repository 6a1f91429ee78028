import { can } from '../../../policy/index.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { getClassificationPolicy, todayOf } from '../../../platform/organisation.js';
import type { OverviewCardDef } from '../../../platform/workbench/cards.js';
import { chainSeverity, lastDays } from '../../../platform/workbench/overview-rules.js';
import { listAuditEvents, type AuditFilter } from './audit-service.js';

/** Refusals are shown for this many days, by the organisation's calendar days. */
const REFUSAL_DAYS = 30;
/** The trail's result of a refused attempt (the events this card counts; it refuses nothing itself). */
const REFUSED = 'denied' as const;

const query = (f: AuditFilter) =>
  new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();

/** How many events the trail lists the person for a filter: the list's own service, so its scope. */
async function total(ctx: AppContext, rc: RequestContext, f: AuditFilter): Promise<number> {
  return (await listAuditEvents(ctx, rc, f, 1, 1, 'desc')).total;
}

/** The latest verification the person may read (a refused attempt to verify is not one). */
async function lastVerification(ctx: AppContext, rc: RequestContext) {
  const [ok, broken] = await Promise.all(
    (['success', 'failure'] as const).map(
      async (result) => (await listAuditEvents(ctx, rc, { action: 'audit.verify', result }, 1, 1, 'desc')).items[0],
    ),
  );
  if (!ok || !broken) return ok ?? broken ?? null;
  return ok.seq > broken.seq ? ok : broken;
}

/**
 * The reviewers' overview cards, counted through the trail's own list (its scope decided by the policy's
 * `auditScope`): refusals per day over the last 30 days of the organisation's calendar, each day linking to the
 * trail filtered by `result=denied` and that day's instants; and the chain's state — the last verification, its
 * result, and the events recorded since, linking to them.
 */
export const AUDIT_CARDS: OverviewCardDef[] = [
  {
    kind: 'overview',
    key: 'audit.refusals',
    // Both reviewers: the auditor (the administrators' refusals) and the security administrator, who reviews
    // ordinary users' events (the access-log review); each counts the refusals their own trail lists.
    visible: (actor) => can(actor, 'audit.verify') || can(actor, 'audit.review_users'),
    async read(ctx, rc) {
      const { timeZone } = await getClassificationPolicy(ctx);
      const days = lastDays(await todayOf(ctx), REFUSAL_DAYS, timeZone);
      const figures = await Promise.all(
        days.map(async (d) => {
          const f: AuditFilter = { result: REFUSED, from: d.from, to: d.to };
          const q = query(f);
          const count = await total(ctx, rc, f);
          return { series: 'denied', group: d.day, count, link: { web: `/audit?${q}`, api: `/api/audit/events?${q}` } };
        }),
      );
      const all = query({ result: REFUSED, from: days[0]!.from, to: days[days.length - 1]!.to });
      return { severity: 'normal', figures, facts: [], web: `/audit?${all}` };
    },
  },
  {
    kind: 'overview',
    key: 'audit.chain',
    visible: (actor) => can(actor, 'audit.verify'),
    async read(ctx, rc) {
      const last = await lastVerification(ctx, rc);
      // Events after the verification's own: those it did not cover.
      const f: AuditFilter = last ? { from: new Date(new Date(last.at).getTime() + 1).toISOString() } : {};
      const q = query(f);
      const since = await total(ctx, rc, f);
      const checked = (last?.details as { eventsChecked?: unknown } | undefined)?.eventsChecked;
      return {
        severity: chainSeverity(last ? { at: last.at, ok: last.result === 'success' } : null, ctx.now()),
        figures: [
          {
            series: 'since_verify',
            group: 'chain',
            count: since,
            link: { web: q ? `/audit?${q}` : '/audit', api: q ? `/api/audit/events?${q}` : '/api/audit/events' },
          },
        ],
        facts: [
          { name: 'last_verified_at', group: null, value: last?.at ?? null },
          { name: 'last_result', group: null, value: last?.result ?? null },
          { name: 'last_by', group: null, value: last?.actorName ?? null },
          { name: 'events_checked', group: null, value: typeof checked === 'number' ? checked : null },
        ],
        web: '/audit?action=audit.verify',
      };
    },
  },
];
