import { z } from 'zod';
import { lineText } from '../../../platform/contracts/common.js';
import { TARGETLESS_ACTIONS } from '../../../policy/index.js';
import { userSchema } from './directory.js';

export const sessionStageSchema = z.enum(['full', 'password_change', 'mfa', 'mfa_enrol', 'agreements']);

export const loginBody = z.strictObject({
  username: lineText(64).min(1),
  password: lineText(256).min(1),
});

export const loginResponse = z.object({
  stage: sessionStageSchema,
  csrfToken: z.string(),
});

export const csrfResponse = z.object({ csrfToken: z.string() });

// 6 digits from an authenticator app; 6 or 8 from a hardware token.
export const mfaVerifyBody = z.strictObject({ code: z.string().regex(/^\d{6,8}$/) });

export const mfaEnrolStartResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});

export const passwordChangeBody = z.strictObject({
  currentPassword: lineText(256).min(1),
  newPassword: lineText(256).min(1),
});

export const stageResponse = z.object({ stage: sessionStageSchema, csrfToken: z.string() });

/** What the UI may offer: every action without a particular target, as the policy decides it for this person. */
export const abilitiesSchema = z.record(z.enum(TARGETLESS_ACTIONS), z.boolean());
export type Ability = (typeof TARGETLESS_ACTIONS)[number];

export const meResponse = z.object({
  user: userSchema
    .pick({
      id: true,
      username: true,
      displayName: true,
      email: true,
      departmentId: true,
      departmentName: true,
      post: true,
      adminRole: true,
      businessRoles: true,
      clearanceClass: true,
      status: true,
      mfaEnabled: true,
    })
    .extend({ locale: z.string().nullable(), passwordChangedAt: z.string() }),
  stage: sessionStageSchema,
  abilities: abilitiesSchema,
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number().int(),
  /** Whether the pages carry the screen watermark (the account policy's `screenWatermark`). */
  watermark: z.boolean(),
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
