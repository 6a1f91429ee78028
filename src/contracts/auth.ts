import { z } from 'zod';
import { ADMIN_ROLES, BUSINESS_ROLES, CLEARANCE_CLASSES, USER_STATUSES } from '../domain/roles.js';

export const sessionStageSchema = z.enum(['full', 'password_change', 'mfa', 'mfa_enrol']);

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const loginResponse = z.object({
  stage: sessionStageSchema,
  csrfToken: z.string(),
});

export const csrfResponse = z.object({ csrfToken: z.string() });

export const mfaVerifyBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) });

export const mfaEnrolStartResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const stageResponse = z.object({ stage: sessionStageSchema, csrfToken: z.string() });

export const abilitiesSchema = z.record(z.string(), z.boolean());

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    post: z.string().nullable(),
    adminRole: z.enum(ADMIN_ROLES).nullable(),
    businessRoles: z.array(z.enum(BUSINESS_ROLES)),
    clearanceClass: z.enum(CLEARANCE_CLASSES).nullable(),
    status: z.enum(USER_STATUSES),
    mfaEnabled: z.boolean(),
    locale: z.string().nullable(),
    passwordChangedAt: z.string(),
  }),
  stage: sessionStageSchema,
  abilities: abilitiesSchema,
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number().int(),
  sessionExpiresAt: z.string(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const updateProfileBody = z.strictObject({
  email: z.email().max(200).nullable().optional(),
  locale: z.enum(['zh-CN', 'en-US']).optional(),
});

export const sessionItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionsResponse = z.object({ items: z.array(sessionItem) });
