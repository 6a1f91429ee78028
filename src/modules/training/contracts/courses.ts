import { z } from 'zod';
import {
  COURSE_KINDS,
  COURSE_MODES,
  COURSE_STATUSES,
  MATERIAL_KINDS,
  TRAINING_TOPICS,
} from '../../../kernel/training.js';
import { nameText, rawMultilineText, requiredLine, versionField } from '../../../platform/contracts/common.js';

/** Courses, their materials and online learning (the courses part of training): requests and answers. */
export const courseKindSchema = z.enum(COURSE_KINDS);
export const courseModeSchema = z.enum(COURSE_MODES);
export const courseStatusSchema = z.enum(COURSE_STATUSES);
export const trainingTopicSchema = z.enum(TRAINING_TOPICS);
export const materialKindSchema = z.enum(MATERIAL_KINDS);

/**
 * One audience rule (kernel `AudienceRule`), as a request carries it: strict shapes; what the rule checks beyond the
 * shape (duplicates, days in range, a class named, a blank post) is `audienceProblem`'s, answered with its code.
 */
export const audienceRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('department'), departmentId: z.uuid() }),
  z.strictObject({ kind: z.literal('post'), post: z.string().max(100) }),
  z.strictObject({
    kind: z.literal('clearance'),
    classes: z.array(z.enum(['core', 'important', 'general'])).max(3),
  }),
  z.strictObject({ kind: z.literal('computer_users') }),
  z.strictObject({ kind: z.literal('new_hires'), withinDays: z.number().int().min(-1_000_000).max(1_000_000) }),
]);
/** An audience: the union of its rules (empty: nobody). */
export const audienceSchema = z.array(audienceRuleSchema).max(50);

/** Markdown the office writes (a course's description, a text material): at most 50,000 characters. */
export const markdownText = rawMultilineText(50_000);

const courseFields = {
  title: nameText(200),
  kind: courseKindSchema,
  mode: courseModeSchema,
  /** What it teaches (TRN-09): at least one, each once. */
  topics: z
    .array(trainingTopicSchema)
    .min(1)
    .max(TRAINING_TOPICS.length)
    .refine((ts) => new Set(ts).size === ts.length, 'each topic once'),
  audience: audienceSchema,
  description: markdownText,
  /** How long it takes (a session's length; the online materials' expected time). */
  durationMinutes: z.number().int().min(1).max(10_000),
  /** Refresher courses: months a completion stays valid; null: the setting's (refreshers) or forever. */
  validityMonths: z.number().int().min(1).max(600).nullable(),
};

export const createCourseBody = z.strictObject(courseFields);
export type CreateCourseInput = z.infer<typeof createCourseBody>;

export const updateCourseBody = z.strictObject({ version: versionField, ...courseFields });
export type UpdateCourseInput = z.infer<typeof updateCourseBody>;

export const courseVersionBody = z.strictObject({ version: versionField });

export const courseListQuery = z.strictObject({
  status: courseStatusSchema.optional(),
  kind: courseKindSchema.optional(),
  mode: courseModeSchema.optional(),
});

export const courseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: courseKindSchema,
  mode: courseModeSchema,
  topics: z.array(trainingTopicSchema),
  audience: audienceSchema,
  durationMinutes: z.number().int(),
  validityMonths: z.number().int().nullable(),
  status: courseStatusSchema,
  /** The organisation's calendar day it was first published, or null. */
  publishedOn: z.string().nullable(),
  materialCount: z.number().int(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;
export const courseListResponse = z.object({ items: z.array(courseSummarySchema) });

/** A material as listed with its course (a text's body rendered as sanitised HTML; a file's download address). */
export const materialSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  position: z.number().int(),
  kind: materialKindSchema,
  title: z.string(),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  size: z.number().int().nullable(),
  url: z.string().nullable(),
  /** The Markdown as written (text materials), for the editor. */
  body: z.string().nullable(),
  /** The Markdown rendered and sanitised (text materials). */
  html: z.string().nullable(),
  minMinutes: z.number().int(),
});
export type Material = z.infer<typeof materialSchema>;

export const courseDetailSchema = courseSummarySchema.extend({
  description: z.string(),
  /** The description rendered and sanitised. */
  descriptionHtml: z.string(),
  materials: z.array(materialSchema),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;

// ---- Materials

const materialFields = {
  title: nameText(200),
  /** The least time spent on it before it counts as finished (0: opening it is enough). */
  minMinutes: z.number().int().min(0).max(600),
};
/** A link (http/https only) or Markdown text; files are uploaded (`POST .../materials/file`). */
export const createMaterialBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('link'), ...materialFields, url: requiredLine(2000) }),
  z.strictObject({
    kind: z.literal('text'),
    ...materialFields,
    body: markdownText.refine((s) => s.trim().length > 0, 'must not be empty'),
  }),
]);
export type CreateMaterialInput = z.infer<typeof createMaterialBody>;

/** A file material's particulars, in the query string of the raw upload. */
export const fileMaterialQuery = z.strictObject({
  /** The idempotency key the client chose for this upload (a UUID): sent again, the upload adds nothing. */
  key: z.uuid(),
  title: nameText(200),
  fileName: requiredLine(255),
  minMinutes: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(600)),
});

export const updateMaterialBody = z.strictObject({
  courseVersion: versionField,
  ...materialFields,
  /** Links: the address; text: the Markdown. Ignored for other kinds (must be absent). */
  url: requiredLine(2000).optional(),
  body: markdownText.optional(),
});
export type UpdateMaterialInput = z.infer<typeof updateMaterialBody>;

export const reorderMaterialsBody = z.strictObject({
  version: versionField,
  /** Every material of the course, once, in the new order. */
  materialIds: z.array(z.uuid()).max(200),
});

export const materialParams = z.strictObject({ id: z.uuid(), materialId: z.uuid() });
export const courseVersionQuery = z.strictObject({
  version: z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(versionField),
});

// ---- Online learning

/** Where the person stands with one material of their current round. */
export const materialProgressSchema = z.object({
  materialId: z.string(),
  secondsSpent: z.number().int(),
  openedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type MaterialProgress = z.infer<typeof materialProgressSchema>;

export const learningSchema = z.object({
  courseId: z.string(),
  /** 1 the first time through; a refresher after a completion is 2, ... */
  round: z.number().int(),
  /** The round shown is completed (nothing opened since): opening a material starts the next one. */
  roundCompleted: z.boolean(),
  materials: z.array(materialProgressSchema),
  finishedCount: z.number().int(),
  totalCount: z.number().int(),
  /** Seconds spent on the course this round. */
  secondsSpent: z.number().int(),
  /** The completions of this course (the latest first), with their certificate numbers. */
  completions: z.array(
    z.object({
      id: z.string(),
      certificateNo: z.string(),
      completedOn: z.string(),
      round: z.number().int(),
      source: z.string(),
    }),
  ),
  /** The completion this request wrote (finishing the last material), or null. */
  completedNow: z.object({ id: z.string(), certificateNo: z.string() }).nullable(),
});
export type Learning = z.infer<typeof learningSchema>;

/** Whose learning: oneself (the default); anyone else is refused (`training.take`). */
const learnerField = { userId: z.uuid().optional() };
export const learnBody = z.strictObject(learnerField);

export const heartbeatBody = z.strictObject({
  ...learnerField,
  /** Seconds the page was in front of the person since the last heartbeat (capped by the server). */
  seconds: z.number().int().min(1).max(3600),
});

export const completionParams = z.strictObject({ id: z.uuid() });
