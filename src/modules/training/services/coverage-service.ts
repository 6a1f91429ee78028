import type { AppContext, RequestContext } from '../../../platform/context.js';
import type { CoverageGrouping, CoverageResponse } from '../contracts/reports.js';
import { coverageOf, type CoveragePerson } from '../domain/coverage.js';
import { ofCourse, reportScope, scopePeople } from './report-service.js';
import type { PersonDues } from './training-facts.js';

/**
 * GET /api/training/report/coverage (TRN-01/02/10): coverage and completion per department, post or cleared class
 * over the people of the reader's scope (the report's: `reportScope`, `scopePeople`, so nobody counts people they may
 * not see), of one course or all. Refusals are the report's (403/404, audited as `training.report`).
 */
function groupOf(p: PersonDues, by: CoverageGrouping): Pick<CoveragePerson, 'key' | 'label'> {
  const r = p.person;
  switch (by) {
    case 'department':
      return { key: r.departmentId, label: r.departmentName };
    case 'post':
      return { key: r.post, label: r.post };
    case 'clearance':
      return { key: r.clearanceClass, label: r.clearanceClass };
  }
}

export async function trainingCoverage(
  ctx: AppContext,
  rc: RequestContext,
  input: { by: CoverageGrouping; departmentId?: string | undefined; courseId?: string | undefined },
): Promise<CoverageResponse> {
  const scope = await reportScope(ctx, rc, input);
  const people = await scopePeople(ctx, scope, {});
  const { groups, total } = coverageOf(
    people.map((p) => ({ ...groupOf(p, input.by), states: ofCourse(p.dues, input.courseId).map((d) => d.state) })),
  );
  return { by: input.by, groups, total };
}
