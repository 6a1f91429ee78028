/**
 * Confidentiality training (保密教育培训): courses, their materials and sessions, who must take what (audiences as
 * rules), completions, external certificates, publicity campaigns, awareness messages. The words the server, the
 * policy and the web share.
 */

/** What a course teaches (TRN-09): each course names one or more. */
export const TRAINING_TOPICS = [
  'law', // 保密法律法规
  'company_rules', // 公司保密制度
  'basics', // 保密基础知识
  'leak_behaviours', // 哪些行为可能导致泄密
  'handling_classified', // 涉密信息的处理
  'risk_awareness', // 保密风险意识
  'it_security', // 信息安全 / 计算机使用 (TRN-10)
] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];

/**
 * Online: the person works through the materials (time spent recorded; complete when every material is finished).
 * Offline: held in sessions (date, place, trainer, capacity); attendance completes it.
 * Blended (线上线下结合, TRN-03): both are offered; either completes it — the materials finished, or a session attended.
 */
export const COURSE_MODES = ['online', 'offline', 'blended'] as const;

/** Does a course of this mode have online materials to work through / sessions to attend? */
export const hasMaterials = (mode: CourseMode) => mode !== 'offline';
export const hasSessions = (mode: CourseMode) => mode !== 'online';
export type CourseMode = (typeof COURSE_MODES)[number];

/**
 * Why a course is due:
 * - `onboarding` (入职培训, TRN-01): once, by the person's start date plus the onboarding offset (may be before it);
 * - `refresher` (更新培训, TRN-02/10): again every `validity_months` (the course's, else the setting) after the last
 *   completion; first due `newCourseGraceDays` after the person joins the audience (or the course is published);
 * - `elective` (选修): due only when assigned (a follow-up task, TRN-13); anyone may take it.
 */
export const COURSE_KINDS = ['onboarding', 'refresher', 'elective'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

/** A course being prepared (only the office sees it), published (due to its audience), retired (no new dues). */
export const COURSE_STATUSES = ['draft', 'published', 'retired'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** A course material: a file in the encrypted blob store, a link, or text written in Baomi (Markdown). */
export const MATERIAL_KINDS = ['file', 'link', 'text'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** An offline session: scheduled (open to sign-up), held (attendance closed), cancelled. */
export const SESSION_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** How attendance was taken: ticked by the organiser, or the person's QR scanned at the door. */
export const ATTENDANCE_METHODS = ['organiser', 'qr'] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

/**
 * How a completion came about: the online materials finished, a session attended, recorded by the security office
 * (training held outside Baomi, with evidence).
 */
export const COMPLETION_SOURCES = ['online', 'session', 'recorded'] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

/** Publicity material (TRN-12). */
export const CAMPAIGN_KINDS = ['poster', 'brochure', 'article', 'intranet', 'publication', 'other'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** Why a follow-up training task was assigned (TRN-13): the incident module names its case. */
export const ASSIGNMENT_SOURCES = ['incident', 'finding', 'manual'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

/**
 * One rule of an audience. A person belongs to an audience when any of its rules matches (a union); an empty
 * audience is nobody. The person's record decides, never a hand-kept list (TRN-01..03, 10).
 */
export type AudienceRule =
  | { kind: 'all' }
  /** The department and every department under it. */
  | { kind: 'department'; departmentId: string }
  | { kind: 'post'; post: string }
  | { kind: 'clearance'; classes: readonly ('core' | 'important' | 'general')[] }
  /** People who use classified computers (涉密计算机使用人员, seed 002): the person's record says so. */
  | { kind: 'computer_users' }
  /** People whose start date is within the last `withinDays` days (or still ahead). */
  | { kind: 'new_hires'; withinDays: number };
export const AUDIENCE_RULE_KINDS = ['all', 'department', 'post', 'clearance', 'computer_users', 'new_hires'] as const;
export type AudienceRuleKind = (typeof AUDIENCE_RULE_KINDS)[number];

/**
 * Where a person stands with one course due to them:
 * - `completed`: completed and still valid;
 * - `expiring`: completed, the validity ending within the reminder window;
 * - `due` / `overdue`: not (validly) completed, before / after its due date.
 */
export const TRAINING_STATES = ['completed', 'expiring', 'due', 'overdue'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

/** Defaults of the training settings (key 'training'). */
export const TRAINING_DEFAULTS = {
  /** Onboarding is due this many days after the start date (negative: before it; TRN-01 says before entry). */
  onboardingOffsetDays: 0,
  /** Refresher interval in months when the course sets none (TRN-02: "regularly"; yearly is the common rule). */
  refresherMonths: 12,
  /** Days a person has for a refresher they never took, from joining its audience or its publication. */
  newCourseGraceDays: 30,
  /** Days before a due date (or the end of a validity) a person is reminded. */
  reminderDays: 7,
  /** A person's start date counts as "new hire" this many days (the `new_hires` rule's default). */
  newHireDays: 90,
} as const;
export type TrainingSettings = {
  onboardingOffsetDays: number;
  refresherMonths: number;
  newCourseGraceDays: number;
  reminderDays: number;
};

/** The requirement the platform's qualifications contract answers (platform/qualifications.ts). */
export type TrainingRequirement =
  /** This course, completed and within its validity. */
  | { kind: 'course'; courseId: string }
  /** Every onboarding course due to the person, completed (the commitment letter's order, PER-03). */
  | { kind: 'onboarding' };
