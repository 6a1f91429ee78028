import { z } from 'zod';
import { settingVersionField } from '../../../platform/contracts/common.js';

export const accountPolicySchema = z.strictObject({
  passwordMinLength: z.number().int().min(8).max(128),
  passwordMinClasses: z.number().int().min(1).max(4),
  passwordHistory: z.number().int().min(0).max(24),
  rotationDaysCleared: z.number().int().min(1).max(365),
  rotationDaysOthers: z.number().int().min(0).max(365),
  lockoutThreshold: z.number().int().min(3).max(20),
  lockoutMinutes: z.number().int().min(1).max(1440),
  idleTimeoutMinutes: z.number().int().min(1).max(60),
  sessionLifetimeHours: z.number().int().min(1).max(72),
  mfaRequiredForAll: z.boolean(),
  signInFailuresPerAddress: z.number().int().min(3).max(100_000),
  signInFailuresTotal: z.number().int().min(3).max(1_000_000),
  signInWindowMinutes: z.number().int().min(1).max(1440),
  screenWatermark: z.boolean(),
});

export const accountPolicyResponse = z.object({ policy: accountPolicySchema, version: z.number().int() });
export const updateAccountPolicyBody = z.strictObject({
  // 0 while the defaults have never been saved.
  version: settingVersionField,
  policy: accountPolicySchema,
});
