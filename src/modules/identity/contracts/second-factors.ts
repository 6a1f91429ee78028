import { z } from 'zod';
import { MFA_REQUIREMENTS } from '../../../kernel/mfa-requirement.js';
import { lineText, multilineText, settingVersionField } from '../../../platform/contracts/common.js';
import { authenticationResponseSchema, registrationResponseSchema } from '../../../platform/contracts/webauthn.js';

export { authenticationResponseSchema, registrationResponseSchema };

/** Second factors (issue 17): an authenticator app, hardware OTP tokens, FIDO2/WebAuthn security keys. */

export const otpCode = z.string().regex(/^\d{6,8}$/);
/** Options for the browser (`optionsJSON` of @simplewebauthn/browser); their shape is the library's. */
export const webauthnOptionsResponse = z.object({ options: z.record(z.string(), z.unknown()) });

/** Re-authentication in the profile: the password and, when the person has a factor, a code or a key's assertion. */
export const proofFields = {
  password: lineText(256).min(1),
  code: otpCode.optional(),
  assertion: authenticationResponseSchema.optional(),
};
export const proofBody = z.strictObject(proofFields);

export const factorKind = z.enum(['app', 'security_key', 'token']);
export const factorSchema = z.object({
  kind: factorKind,
  id: z.string(),
  label: z.string().nullable(),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type FactorDto = z.infer<typeof factorSchema>;

export const mfaRequirementSchema = z.enum(MFA_REQUIREMENTS);

export const myFactorsResponse = z.object({
  items: z.array(factorSchema),
  requirement: mfaRequirementSchema,
  pendingApp: z.boolean(),
});

export const mfaMethodsResponse = z.object({
  app: z.boolean(),
  token: z.boolean(),
  securityKey: z.boolean(),
  requirement: mfaRequirementSchema,
});

export const keyName = lineText(60).min(1);
export const webauthnRegisterVerifyBody = z.strictObject({ response: registrationResponseSchema, name: keyName });
export const webauthnSignInVerifyBody = z.strictObject({ response: authenticationResponseSchema });
export const renameKeyBody = z.strictObject({ name: keyName });
export const removeFactorBody = z.strictObject({
  kind: factorKind,
  // `app` for the authenticator app, else the key's or token's id.
  id: z.string().regex(/^(?:app|[0-9a-fA-F-]{36})$/),
  password: lineText(256).min(1),
});
export const factorResponse = z.object({ factor: factorSchema });

// Hardware OTP tokens (the system administrator).
export const otpTokenSchema = z.object({
  id: z.string(),
  serial: z.string(),
  kind: z.enum(['totp', 'hotp']),
  digits: z.number().int(),
  period: z.number().int().nullable(),
  assignedTo: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
  importedAt: z.string(),
  assignedAt: z.string().nullable(),
  version: z.number().int(),
});
export type OtpTokenDto = z.infer<typeof otpTokenSchema>;
export const otpTokensResponse = z.object({ items: z.array(otpTokenSchema) });
export const importTokensBody = z.strictObject({
  format: z.enum(['pskc', 'csv']),
  // A vendor's seed file as text (the JSON body limit bounds it).
  content: multilineText(200_000, 1),
});
export const importTokensResponse = z.object({ imported: z.number().int(), serials: z.array(z.string()) });
export const assignTokenBody = z.strictObject({
  userId: z.uuid(),
  version: z.number().int().min(1).max(2_000_000_000),
});
export const tokenVersionBody = z.strictObject({ version: z.number().int().min(1).max(2_000_000_000) });
export const resyncTokenBody = z.strictObject({ code1: otpCode, code2: otpCode });
export const otpTokenResponse = z.object({ token: otpTokenSchema });

// The security administrator's rule per clearance class.
export const mfaClassRuleSchema = z.strictObject({
  core: mfaRequirementSchema,
  important: mfaRequirementSchema,
  general: mfaRequirementSchema,
  unclassified: mfaRequirementSchema,
});
export const mfaClassRuleResponse = z.object({ rule: mfaClassRuleSchema, version: z.number().int() });
export const updateMfaClassRuleBody = z.strictObject({ version: settingVersionField, rule: mfaClassRuleSchema });
