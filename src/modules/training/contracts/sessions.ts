import { z } from 'zod';
import { ATTENDANCE_METHODS, COURSE_KINDS, SESSION_STATUSES } from '../../../kernel/training.js';
import { isoDateTime, requiredLine, versionField } from '../../../platform/contracts/common.js';

/** Offline sessions, their sign-in lists, attendance and the person's QR code: requests and answers. */
const sessionFields = {
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  place: requiredLine(200),
  trainer: requiredLine(100),
  capacity: z.number().int().min(1).max(10_000),
};

export const createSessionBody = z.strictObject({
  courseId: z.uuid(),
  ...sessionFields,
  /** A department's own session (its people and those of its sub-departments), or null: the whole audience. */
  departmentId: z.uuid().nullable(),
});
export type CreateSessionInput = z.infer<typeof createSessionBody>;

export const updateSessionBody = z.strictObject({ version: versionField, ...sessionFields });
export type UpdateSessionInput = z.infer<typeof updateSessionBody>;

export const sessionVersionBody = z.strictObject({ version: versionField });

/**
 * `upcoming`: scheduled sessions not yet ended that are meant for the caller (everyone's for whoever may manage them);
 * `mine`: the sessions the caller is on the list of; `organising`: the sessions the caller may manage.
 */
export const SESSION_SCOPES = ['upcoming', 'mine', 'organising'] as const;
export const sessionListQuery = z.strictObject({
  scope: z.enum(SESSION_SCOPES).optional(),
  courseId: z.uuid().optional(),
});

export const sessionPersonParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });

export const enrolBody = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(200) });
export const attendBody = z.strictObject({ userId: z.uuid() });
export const scanBody = z.strictObject({ code: requiredLine(200) });

const sessionProblem = z.string().nullable();

export const sessionSummarySchema = z.object({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  courseKind: z.enum(COURSE_KINDS),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  trainer: z.string(),
  capacity: z.number().int(),
  /** People on the list. */
  enrolled: z.number().int(),
  attended: z.number().int(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  organiser: z.object({ id: z.string(), displayName: z.string() }),
  status: z.enum(SESSION_STATUSES),
  version: z.number().int(),
  /** The caller on the list: when they signed up and when their attendance was recorded. */
  me: z.object({ enrolledAt: z.string(), attendedAt: z.string().nullable() }).nullable(),
  /** The caller may manage the session (edit, cancel, close, the list, attendance). */
  canManage: z.boolean(),
  /** Why the caller may not sign up now (a problem code), or null: they may. */
  signUpProblem: sessionProblem,
  /** Why the caller may not withdraw now, or null: they may. */
  withdrawProblem: sessionProblem,
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;
export const sessionListResponse = z.object({ items: z.array(sessionSummarySchema) });

export const attendeeSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
  enrolledAt: z.string(),
  /** Who put them on the list: null when they signed up themselves or walked in. */
  enrolledBy: z.string().nullable(),
  attendedAt: z.string().nullable(),
  method: z.enum(ATTENDANCE_METHODS).nullable(),
  recordedByName: z.string().nullable(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

export const sessionDetailSchema = sessionSummarySchema.extend({
  /** The sign-in list: for whoever may manage the session; null for the others. */
  people: z.array(attendeeSchema).nullable(),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

/** Attendance recorded: who, and the completion (certificate number) it wrote. */
export const attendanceResponse = z.object({
  attendee: attendeeSchema,
  completion: z.object({ id: z.string(), certificateNo: z.string() }),
});
export type AttendanceResult = z.infer<typeof attendanceResponse>;

/** The caller's training QR code: its text, and as an SVG image (data URL). */
export const qrResponse = z.object({ code: z.string(), svgDataUrl: z.string() });
export type QrCode = z.infer<typeof qrResponse>;
