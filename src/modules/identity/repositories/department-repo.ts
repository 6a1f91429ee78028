import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import { keyedRead } from '../../../platform/db/keyed-read.js';

/** A department as other modules see it: its place in the tree and its names. */
export interface DepartmentRef {
  id: string;
  parent_id: string | null;
  name: string;
  code: string | null;
}

/** A department by id (built once; on PostgreSQL the reads of requests arriving together share one statement). */
const departmentById = keyedRead(
  (q, id) => q.selectFrom('departments').select(['id', 'parent_id', 'name', 'code']).where('id', '=', id),
  (r) => r.id,
);

export function findDepartmentById(q: Db | Trx, id: string): Promise<DepartmentRef | undefined> {
  return departmentById(q, id);
}
