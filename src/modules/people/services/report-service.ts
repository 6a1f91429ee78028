import type { Actor } from '../../../kernel/actor.js';
import {
  OBLIGATION_STATES,
  OVERDUE_STATES,
  type AgreementKind,
  type ObligationState,
} from '../../../kernel/agreements.js';
import type { UserStatus } from '../../../kernel/roles.js';
import { agreementListFilter, type AgreementListFilter } from '../../../policy/people.js';
import { authorize } from '../../../platform/authorize.js';
import { actorOf, type AppContext, type RequestContext } from '../../../platform/context.js';
import { todayOf, withAccess } from '../../../platform/organisation.js';
import { nameContains } from '../../identity/index.js';
import type { ReportObligation, ReportResponse, ReportRow } from '../contracts/reports.js';
import type { Obligation } from '../domain/obligations.js';
import { departmentPaths, departmentSubtree } from '../../../platform/organisation.js';
import { obligationsOfPeople } from './people-facts.js';

/**
 * The agreements report (PER-01/02/04/06/08): every person in the reader's scope with where they stand with each
 * agreement they must sign — the security administrator's whole organisation, a head's or officer's department
 * with its sub-departments (the policy's `agreementListFilter`, the same rule as `agreement.view_person`), nobody
 * else's (403, audited; a department outside one's own answers 404, audited). Departed people are left out: the
 * leaver list keeps them (PER-06). The states are the domain's (`obligationsOf`), computed for the people in
 * batches, so a filter, a total, the workbench card and the export all read the same rows.
 *
 * Order: by username key (unique, compared as code units: the same on both databases); the cursor is the key
 * the previous page ended at.
 */
export const REPORT_TARGET = 'agreement_report';
/** People whose obligations are computed at a time. */
const BATCH = 500;

export interface ReportInput {
  departmentId?: string | undefined;
  state?: ObligationState | undefined;
  overdue?: 'true' | undefined;
  resign?: 'true' | undefined;
  kind?: AgreementKind | undefined;
  q?: string | undefined;
}

export interface ReportScope {
  actor: Actor;
  filter: AgreementListFilter;
  /** The departments the report covers (the filter's, narrowed to the asked department), or null: all. */
  departmentIds: readonly string[] | null;
  today: string;
}

/**
 * Whose agreements the reader may list, and of which departments. Refusals are audited as `action` (the report
 * or its export): without the ability 403; a department the reader does not lead 404.
 */
export async function reportScope(
  ctx: AppContext,
  rc: RequestContext,
  input: Pick<ReportInput, 'departmentId'>,
  action: 'agreement.report' | 'agreement.export' = 'agreement.report',
): Promise<ReportScope> {
  const actor = await withAccess(ctx, actorOf(rc));
  const ability = action === 'agreement.export' ? 'agreement.export_reports' : 'agreement.view_reports';
  const event = { action, targetType: REPORT_TARGET, targetId: input.departmentId ?? null };
  await authorize(ctx, rc, ability, { kind: 'none' }, { actor, audit: event });
  const subtree = actor.departmentId ? await departmentSubtree(ctx.db, actor.departmentId) : [];
  const filter = agreementListFilter(actor, subtree);
  let departmentIds: readonly string[] | null =
    filter.kind === 'all' ? null : filter.kind === 'departments' ? filter.departmentIds : [];
  if (input.departmentId !== undefined) {
    await authorize(
      ctx,
      rc,
      ability,
      {
        kind: 'agreement_department',
        departmentId: input.departmentId,
        departmentPath: (await departmentPaths(ctx.db)).get(input.departmentId) ?? [],
      },
      { actor, audit: { ...event, details: { departmentId: input.departmentId } }, hideExistence: true },
    );
    const asked = await departmentSubtree(ctx.db, input.departmentId);
    departmentIds = departmentIds === null ? asked : asked.filter((d) => departmentIds!.includes(d));
  }
  return { actor, filter, departmentIds, today: await todayOf(ctx) };
}

interface PersonRow {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  department_id: string | null;
  department_name: string | null;
  post: string | null;
  status: string;
}

/** The people the scope covers (not departed), in username-key order. */
async function peopleOf(ctx: AppContext, scope: ReportScope, q: string | undefined): Promise<PersonRow[]> {
  if (scope.filter.kind === 'none' || (scope.departmentIds !== null && scope.departmentIds.length === 0)) return [];
  let query = ctx.db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .select([
      'users.id',
      'users.username',
      'users.username_key',
      'users.display_name',
      'users.department_id',
      'departments.name as department_name',
      'users.post',
      'users.status',
    ])
    .where('users.status', '!=', 'departed');
  if (scope.departmentIds !== null) query = query.where('users.department_id', 'in', scope.departmentIds);
  if (q) query = query.where(nameContains(q));
  const rows = await query.execute();
  return rows.sort((a, b) => (a.username_key < b.username_key ? -1 : a.username_key > b.username_key ? 1 : 0));
}

/** Which of a person's obligations the filters keep. */
export function keptObligations(obligations: readonly Obligation[], input: ReportInput): Obligation[] {
  return obligations.filter(
    (o) =>
      (input.kind === undefined || o.kind === input.kind) &&
      (input.state === undefined || o.state === input.state) &&
      (input.overdue === undefined || OVERDUE_STATES.includes(o.state)) &&
      (input.resign === undefined || o.state === 'resign_due' || o.state === 'resign_overdue'),
  );
}

const stateFiltered = (input: ReportInput) =>
  input.state !== undefined || input.overdue !== undefined || input.resign !== undefined;

export interface ReportPerson {
  person: PersonRow;
  leaver: boolean;
  /** The obligations the filters keep. */
  shown: Obligation[];
  /** The person's obligations of the asked kind (every state): the totals. */
  ofKind: Obligation[];
}

/**
 * Every person of the scope with their obligations, batch by batch in report order, from the key `after` on;
 * people the filters drop are skipped (a person with no obligation of the asked kind, or none in the asked state).
 */
export async function* reportPeople(
  ctx: AppContext,
  scope: ReportScope,
  input: ReportInput,
  after: string | null = null,
  opts: { everyone?: boolean } = {},
): AsyncGenerator<ReportPerson[]> {
  const people = (await peopleOf(ctx, scope, input.q)).filter((p) => after === null || p.username_key > after);
  for (let i = 0; i < people.length; i += BATCH) {
    const batch = people.slice(i, i + BATCH);
    const computed = await obligationsOfPeople(ctx, ctx.db, { userIds: batch.map((p) => p.id) }, scope.today);
    const byId = new Map(computed.map((c) => [c.person.facts.id, c]));
    const out: ReportPerson[] = [];
    for (const person of batch) {
      const c = byId.get(person.id);
      const all = c?.obligations ?? [];
      const ofKind = input.kind === undefined ? all : all.filter((o) => o.kind === input.kind);
      const shown = keptObligations(all, input);
      const kept = stateFiltered(input) || input.kind !== undefined ? shown.length > 0 : true;
      if (kept || opts.everyone)
        out.push({ person, leaver: (c?.person.facts.leavingSince ?? null) !== null, shown, ofKind });
    }
    yield out;
  }
}

async function titlesOf(ctx: AppContext, templateIds: readonly string[]): Promise<Map<string, string>> {
  if (templateIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('agreement_templates')
    .select(['id', 'title'])
    .where('id', 'in', [...new Set(templateIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Report rows as the list and the export show them. */
export async function rowsOf(ctx: AppContext, people: readonly ReportPerson[]): Promise<ReportRow[]> {
  const titles = await titlesOf(
    ctx,
    people.flatMap((p) => p.shown.map((o) => o.templateId)),
  );
  return people.map(({ person: p, leaver, shown }) => ({
    userId: p.id,
    username: p.username,
    displayName: p.display_name,
    departmentId: p.department_id,
    departmentName: p.department_name,
    post: p.post,
    status: p.status as UserStatus,
    leaver,
    obligations: shown.map((o): ReportObligation => ({
      templateId: o.templateId,
      title: titles.get(o.templateId) ?? '',
      kind: o.kind,
      versionId: o.versionId,
      versionNo: o.versionNo,
      state: o.state,
      dueOn: o.dueOn,
      expiresOn: o.expiresOn,
      signatureId: o.signatureId,
    })),
  }));
}

const emptyByState = () => Object.fromEntries(OBLIGATION_STATES.map((s) => [s, 0])) as Record<ObligationState, number>;

/** GET /api/agreements/report: one page of the report, how many people it holds, and the totals per state. */
export async function agreementReport(
  ctx: AppContext,
  rc: RequestContext,
  input: ReportInput & { limit?: number | undefined; cursor?: string | undefined },
): Promise<ReportResponse> {
  const scope = await reportScope(ctx, rc, input);
  const limit = input.limit ?? 50;
  const page: ReportPerson[] = [];
  let total = 0;
  let more = false;
  const totals = { people: 0, byState: emptyByState() };
  const byKind = stateFiltered(input) ? { ...input, state: undefined, overdue: undefined, resign: undefined } : input;
  for await (const batch of reportPeople(ctx, scope, byKind, null, { everyone: input.kind === undefined })) {
    for (const p of batch) {
      totals.people++;
      for (const o of p.ofKind) totals.byState[o.state]++;
      const shown = keptObligations(p.shown, input);
      if (stateFiltered(input) && shown.length === 0) continue;
      total++;
      if (input.cursor !== undefined && p.person.username_key <= input.cursor) continue;
      if (page.length < limit) page.push({ ...p, shown });
      else more = true;
    }
  }
  return {
    items: await rowsOf(ctx, page),
    total,
    nextCursor: more ? page[page.length - 1]!.person.username_key : null,
    totals,
  };
}

/** How many people the report with these filters lists (the workbench card; the list's `total`). */
export async function countReport(ctx: AppContext, rc: RequestContext, input: ReportInput): Promise<number> {
  const scope = await reportScope(ctx, rc, input);
  let n = 0;
  for await (const batch of reportPeople(ctx, scope, input)) n += batch.length;
  return n;
}
