import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Trx } from '../../../platform/audit/audit-repo.js';
import type { TrainingCourseTable, TrainingMaterialTable } from '../schema.js';

/** SQL on the training courses and their materials. */
type Q = Db | Trx;
export type CourseRow = Selectable<TrainingCourseTable>;
export type MaterialRow = Selectable<TrainingMaterialTable>;

export async function findCourse(q: Q, id: string): Promise<CourseRow | undefined> {
  return q.selectFrom('training_courses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Courses with the number of their materials, by title. */
export async function listCourses(
  q: Q,
  filter: { statuses?: readonly string[]; kind?: string; mode?: string; id?: string } = {},
) {
  let query = q
    .selectFrom('training_courses as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('training_materials as m')
        .select((e) => e.fn.countAll<string | number>().as('n'))
        .whereRef('m.course_id', '=', 'c.id')
        .as('material_count'),
    );
  if (filter.id) query = query.where('c.id', '=', filter.id);
  if (filter.statuses) query = query.where('c.status', 'in', [...filter.statuses]);
  if (filter.kind) query = query.where('c.kind', '=', filter.kind);
  if (filter.mode) query = query.where('c.mode', '=', filter.mode);
  return query.orderBy('c.title').orderBy('c.id').execute();
}
export type ListedCourse = Awaited<ReturnType<typeof listCourses>>[number];

export async function insertCourse(trx: Trx, row: Insertable<TrainingCourseTable>): Promise<void> {
  await trx.insertInto('training_courses').values(row).execute();
}

/** Updates under optimistic locking: false when the row is gone or its version moved. */
export async function updateCourseVersioned(
  trx: Trx,
  id: string,
  version: number,
  set: Partial<Omit<CourseRow, 'id' | 'version'>>,
): Promise<boolean> {
  const r = await trx
    .updateTable('training_courses')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function materialsOf(q: Q, courseId: string): Promise<MaterialRow[]> {
  return q
    .selectFrom('training_materials')
    .selectAll()
    .where('course_id', '=', courseId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findMaterial(q: Q, courseId: string, id: string): Promise<MaterialRow | undefined> {
  return q
    .selectFrom('training_materials')
    .selectAll()
    .where('id', '=', id)
    .where('course_id', '=', courseId)
    .executeTakeFirst();
}

export async function insertMaterial(trx: Trx, row: Insertable<TrainingMaterialTable>): Promise<void> {
  await trx.insertInto('training_materials').values(row).execute();
}

export async function updateMaterial(
  trx: Trx,
  id: string,
  set: Partial<Omit<MaterialRow, 'id' | 'course_id'>>,
): Promise<void> {
  await trx.updateTable('training_materials').set(set).where('id', '=', id).execute();
}

export async function deleteMaterial(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('training_progress').where('material_id', '=', id).execute();
  await trx.deleteFrom('training_materials').where('id', '=', id).execute();
}

/** The next position at the end of a course's materials. */
export async function nextPosition(q: Q, courseId: string): Promise<number> {
  const r = await q
    .selectFrom('training_materials')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return (r?.p ?? 0) + 1;
}
