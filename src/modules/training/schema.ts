/** Table shapes of the training module (migration 015). Conventions as in the platform's schema.ts. */
export interface TrainingCourseTable {
  id: string;
  title: string;
  kind: string; // CourseKind
  mode: string; // CourseMode
  topics: string; // JSON TrainingTopic[]
  audience: string; // JSON AudienceRule[]
  description: string; // Markdown
  duration_minutes: number;
  validity_months: number | null;
  status: string; // CourseStatus
  published_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingMaterialTable {
  id: string;
  course_id: string;
  position: number;
  kind: string; // MaterialKind
  title: string;
  blob_id: string | null;
  file_name: string | null;
  media_type: string | null;
  size: number | null;
  url: string | null;
  body: string | null;
  min_minutes: number;
  created_at: string;
  updated_at: string;
}

export interface TrainingProgressTable {
  user_id: string;
  material_id: string;
  course_id: string;
  round: number;
  seconds_spent: number;
  opened_at: string;
  finished_at: string | null;
  updated_at: string;
}

export interface TrainingSessionTable {
  id: string;
  course_id: string;
  starts_at: string;
  ends_at: string;
  place: string;
  trainer: string;
  capacity: number;
  department_id: string | null;
  organiser_id: string;
  status: string; // SessionStatus
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingAttendanceTable {
  session_id: string;
  user_id: string;
  enrolled_at: string;
  enrolled_by: string | null;
  attended_at: string | null;
  method: string | null; // AttendanceMethod
  recorded_by: string | null;
}

/** A completion is kept as recorded: never updated. */
export interface TrainingCompletionTable {
  id: string;
  certificate_no: string;
  user_id: string;
  course_id: string;
  round: number;
  completed_on: string;
  source: string; // CompletionSource
  session_id: string | null;
  minutes_spent: number | null;
  evidence_blob_id: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface TrainingAssignmentTable {
  id: string;
  user_id: string;
  course_id: string;
  due_on: string;
  source: string; // AssignmentSource
  source_ref: string | null;
  reason: string;
  assigned_by: string | null;
  assigned_at: string;
  completion_id: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  version: number;
}

export interface TrainingExternalTable {
  id: string;
  user_id: string;
  title: string;
  provider: string;
  completed_on: string;
  expires_on: string | null;
  certificate_no: string | null;
  blob_id: string;
  file_name: string;
  media_type: string;
  size: number;
  note: string | null;
  recorded_by: string | null;
  recorded_at: string;
}

export interface TrainingCampaignTable {
  id: string;
  title: string;
  kind: string; // CampaignKind
  audience: string; // JSON AudienceRule[]
  starts_on: string;
  ends_on: string;
  body: string;
  blob_id: string | null;
  file_name: string | null;
  media_type: string | null;
  size: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingAwarenessTable {
  id: string;
  title: string;
  body: string;
  audience: string; // JSON AudienceRule[]
  interval_days: number;
  next_on: string;
  last_sent_on: string | null;
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingTables {
  training_courses: TrainingCourseTable;
  training_materials: TrainingMaterialTable;
  training_progress: TrainingProgressTable;
  training_sessions: TrainingSessionTable;
  training_attendance: TrainingAttendanceTable;
  training_completions: TrainingCompletionTable;
  training_assignments: TrainingAssignmentTable;
  training_external: TrainingExternalTable;
  training_campaigns: TrainingCampaignTable;
  training_awareness: TrainingAwarenessTable;
}

// The training tables join the one Database interface (declaration merging: the platform imports nothing here).
declare module '../../platform/db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends TrainingTables {}
}
