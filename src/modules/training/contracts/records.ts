import { z } from 'zod';
import {
  ASSIGNMENT_SOURCES,
  COMPLETION_SOURCES,
  COURSE_KINDS,
  COURSE_MODES,
  COURSE_STATUSES,
  TRAINING_STATES,
} from '../../../kernel/training.js';
import { multilineText, optionalLine, requiredLine, versionField } from '../../../platform/contracts/common.js';

/**
 * A person's training record (my training, a person's training for the office and heads), completions recorded by
 * the office (training held outside Baomi, with evidence), follow-up tasks (TRN-13) and external certificates
 * (TRN-11): requests (strict, no coercion) and answers.
 */
const day = z.iso.date();

export const recordPersonSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  post: z.string().nullable(),
  status: z.string(),
  hiredOn: z.string().nullable(),
  /** The day the training rules count from: the start date, else the day the account was made. */
  startOn: z.string(),
  computerUser: z.boolean(),
});

export const dueSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  kind: z.enum(COURSE_KINDS),
  mode: z.enum(COURSE_MODES),
  state: z.enum(TRAINING_STATES),
  dueOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  lastCompletedOn: z.string().nullable(),
  assignmentId: z.string().nullable(),
});
export type DueDto = z.infer<typeof dueSchema>;

export const completionSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  title: z.string(),
  kind: z.enum(COURSE_KINDS),
  courseStatus: z.enum(COURSE_STATUSES),
  round: z.number().int(),
  completedOn: z.string(),
  source: z.enum(COMPLETION_SOURCES),
  certificateNo: z.string(),
  sessionId: z.string().nullable(),
  minutesSpent: z.number().int().nullable(),
  hasEvidence: z.boolean(),
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
export type CompletionDto = z.infer<typeof completionSchema>;

export const externalSchema = z.object({
  id: z.string(),
  userId: z.string(),
  title: z.string(),
  provider: z.string(),
  completedOn: z.string(),
  expiresOn: z.string().nullable(),
  certificateNo: z.string().nullable(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
export type ExternalDto = z.infer<typeof externalSchema>;

export const ASSIGNMENT_STATES = ['open', 'met', 'cancelled'] as const;
export const assignmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
  courseId: z.string(),
  title: z.string(),
  dueOn: z.string(),
  source: z.enum(ASSIGNMENT_SOURCES),
  sourceRef: z.string().nullable(),
  reason: z.string(),
  assignedByName: z.string().nullable(),
  assignedAt: z.string(),
  state: z.enum(ASSIGNMENT_STATES),
  completionId: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  version: z.number().int(),
});
export type AssignmentDto = z.infer<typeof assignmentSchema>;

/**
 * What the reader may do on this record now: the policy for this person (never the office on its own record), and
 * nothing new for a disabled or departed person, as the actions themselves decide. `cancelTasks` is per record; a
 * task is cancelled while it is open.
 */
export const recordAbilitiesSchema = z.object({
  recordCompletion: z.boolean(),
  assign: z.boolean(),
  recordExternal: z.boolean(),
  cancelTasks: z.boolean(),
});
export type RecordAbilities = z.infer<typeof recordAbilitiesSchema>;

/** `GET /api/training/me` and `GET /api/training/people/:id`. */
export const trainingRecordResponse = z.object({
  person: recordPersonSchema,
  dues: z.array(dueSchema),
  completions: z.array(completionSchema),
  external: z.array(externalSchema),
  tasks: z.array(assignmentSchema),
  abilities: recordAbilitiesSchema,
});
export type TrainingRecord = z.infer<typeof trainingRecordResponse>;

export const userIdParam = z.strictObject({ userId: z.uuid() });

/** A completion recorded by the office: the details in the query, the evidence file (PDF, PNG, JPEG) the body. */
export const recordCompletionQuery = z.strictObject({
  courseId: z.uuid(),
  completedOn: day,
  note: optionalLine(500).optional(),
  /** The idempotency key the client chose for this upload (a UUID): sent again, the upload records nothing new. */
  key: z.uuid().optional(),
});

/** An external certificate: the details in the query, the certificate file (PDF, PNG, JPEG) the body. */
export const recordExternalQuery = z.strictObject({
  title: requiredLine(200),
  provider: requiredLine(200),
  completedOn: day,
  expiresOn: day.optional(),
  certificateNo: optionalLine(100).optional(),
  note: optionalLine(500).optional(),
  /** The file's name as the person had it (shown in lists; downloads are named by the record). */
  fileName: optionalLine(200).optional(),
  /** The idempotency key the client chose for this upload (a UUID): sent again, the upload records nothing new. */
  key: z.uuid().optional(),
});

/** The raw bytes of an uploaded file (the service checks their type). */
export const fileBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), 'the evidence or certificate: a PDF, PNG or JPEG file')
  .meta({ type: 'string', format: 'binary' });

export const assignBody = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(500),
  courseId: z.uuid(),
  dueOn: day,
  reason: multilineText(1000, 1),
  source: z.enum(ASSIGNMENT_SOURCES),
  sourceRef: optionalLine(100).nullable().optional(),
});
export const assignResponse = z.object({ items: z.array(assignmentSchema) });

export const assignmentListQuery = z.strictObject({
  state: z.enum(ASSIGNMENT_STATES).optional(),
  userId: z.uuid().optional(),
  courseId: z.uuid().optional(),
});
export const assignmentListResponse = z.object({ items: z.array(assignmentSchema) });

export const cancelAssignmentBody = z.strictObject({ version: versionField });
