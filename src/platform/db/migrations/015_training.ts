import type { Kysely } from 'kysely';

/**
 * Confidentiality training (training module), and two facts of a person's record the training audiences read
 * (identity's columns): the start date (入职日期: onboarding is due by it, new hires are counted from it) and
 * whether the person uses classified computers (涉密计算机使用人员: their IT-security training, TRN-10).
 * Courses with their materials; offline sessions and their sign-in lists; the progress people make through online
 * materials (per round: a refresher is worked through again); completions (kept, never changed); follow-up tasks
 * (TRN-13); external certificates (TRN-11); publicity campaigns (TRN-12); awareness messages (TRN-06).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('hired_on', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('computer_user', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    // JSON arrays: the topics (TrainingTopic) and the audience (AudienceRule).
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('validity_months', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_courses_status_idx')
    .on('training_courses')
    .columns(['status', 'kind'])
    .execute();

  await db.schema
    .createTable('training_materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // A file in the encrypted blob store, a link, or Markdown text.
    .addColumn('blob_id', 'text')
    .addColumn('file_name', 'text')
    .addColumn('media_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('url', 'text')
    .addColumn('body', 'text')
    // The least time the person spends on it before it counts as finished (0: opening it is enough).
    .addColumn('min_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_materials_course_idx')
    .on('training_materials')
    .columns(['course_id', 'position'])
    .execute();

  await db.schema
    .createTable('training_progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('material_id', 'text', (c) => c.notNull().references('training_materials.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    // 1 for the first time through the course, 2 after the first completion (a refresher), ...
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('seconds_spent', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('training_progress_pk', ['user_id', 'material_id', 'round'])
    .execute();
  await db.schema
    .createIndex('training_progress_course_idx')
    .on('training_progress')
    .columns(['user_id', 'course_id', 'round'])
    .execute();

  await db.schema
    .createTable('training_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('trainer', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // A department's own session (run by its head for its people, TRN-02), or null: open to the whole audience.
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('organiser_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_sessions_course_idx')
    .on('training_sessions')
    .columns(['course_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('training_attendance')
    .addColumn('session_id', 'text', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('enrolled_by', 'text', (c) => c.references('users.id'))
    .addColumn('attended_at', 'text')
    .addColumn('method', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('training_attendance_pk', ['session_id', 'user_id'])
    .execute();
  await db.schema.createIndex('training_attendance_user_idx').on('training_attendance').column('user_id').execute();

  await db.schema
    .createTable('training_completions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Printed on the certificate of completion: TRN-2026-000042 (unique, never reused).
    .addColumn('certificate_no', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    // The organisation's calendar day it was completed; validity counts from it.
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('training_sessions.id'))
    .addColumn('minutes_spent', 'integer')
    .addColumn('evidence_blob_id', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('training_completions_round', ['user_id', 'course_id', 'round'])
    .execute();
  await db.schema
    .createIndex('training_completions_course_idx')
    .on('training_completions')
    .columns(['course_id', 'completed_on'])
    .execute();

  await db.schema
    .createTable('training_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('training_courses.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    // The case it follows from (an incident number, an inspection finding), as the assigning module names it.
    .addColumn('source_ref', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    // The completion that met it (a completion on or after the assignment), or a cancellation.
    .addColumn('completion_id', 'text', (c) => c.references('training_completions.id'))
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_by', 'text', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_assignments_user_idx')
    .on('training_assignments')
    .columns(['user_id', 'course_id'])
    .execute();

  await db.schema
    .createTable('training_external')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('certificate_no', 'text')
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_external_user_idx').on('training_external').column('user_id').execute();

  await db.schema
    .createTable('training_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('blob_id', 'text')
    .addColumn('file_name', 'text')
    .addColumn('media_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_awareness')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('interval_days', 'integer', (c) => c.notNull())
    // The next organisation day it goes out; the last day it went (the job's record, so a restart sends once).
    .addColumn('next_on', 'text', (c) => c.notNull())
    .addColumn('last_sent_on', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'training_awareness',
    'training_campaigns',
    'training_external',
    'training_assignments',
    'training_completions',
    'training_attendance',
    'training_sessions',
    'training_progress',
    'training_materials',
    'training_courses',
  ])
    await db.schema.dropTable(t).execute();
  await db.schema.alterTable('users').dropColumn('computer_user').execute();
  await db.schema.alterTable('users').dropColumn('hired_on').execute();
}
