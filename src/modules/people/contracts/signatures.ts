import { z } from 'zod';
import { OBLIGATION_STATES, SIGNATURE_ACTS, SIGNATURE_METHODS } from '../../../kernel/agreements.js';
import { lineText, multilineText } from '../../../platform/contracts/common.js';
import { authenticationResponseSchema } from '../../../platform/contracts/webauthn.js';
import { agreementKindSchema, calendarDate } from './templates.js';

/** Obligations, signatures (electronic and paper), withdrawals and leavers: requests and answers. */

/** One agreement a person must sign, and where they stand with it. */
export const obligationSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  kind: agreementKindSchema,
  versionId: z.string(),
  versionNo: z.number().int(),
  state: z.enum(OBLIGATION_STATES),
  dueOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  /** The signature that counts, or null. */
  signatureId: z.string().nullable(),
  /** The duty description (保密职责, Markdown) kept with a responsibility letter, or null. */
  duties: z.string().nullable(),
  /** Its overdue state holds the person at sign-in (NDA, responsibility letter). */
  enforced: z.boolean(),
});
export type ObligationDto = z.infer<typeof obligationSchema>;

export const myObligationsResponse = z.object({
  items: z.array(obligationSchema),
  /** Held at sign-in now: an enforced agreement is overdue. */
  held: z.boolean(),
});

export const templateIdParam = z.strictObject({ templateId: z.uuid() });

export const signBody = z.strictObject({
  versionId: z.uuid(),
  password: lineText(256).min(1),
  /** Required when a second factor is enrolled: a code (authenticator app or hardware token)... */
  totpCode: z
    .string()
    .regex(/^\d{6,8}$/)
    .nullable()
    .optional(),
  /** ...or a security key's assertion, answering `POST /api/me/webauthn/confirm-options` (identity). */
  assertion: authenticationResponseSchema.optional(),
});

/** One record of the signature history (a signature or the withdrawal of one). */
export const signatureSummarySchema = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  templateId: z.string(),
  templateTitle: z.string(),
  kind: agreementKindSchema,
  versionId: z.string(),
  versionNo: z.number().int(),
  act: z.enum(SIGNATURE_ACTS),
  method: z.enum(SIGNATURE_METHODS),
  signedOn: z.string(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  /** A withdrawal: the signature it withdraws. */
  withdrawsId: z.string().nullable(),
  /** A signature: a later record withdrew it. */
  withdrawn: z.boolean(),
  reason: z.string().nullable(),
  /** A paper signature's scan is kept. */
  hasScan: z.boolean(),
});
export type SignatureSummary = z.infer<typeof signatureSummarySchema>;

export const signatureDetailSchema = signatureSummarySchema.extend({
  /** The exact text signed (sanitised HTML, placeholders filled in). */
  renderedHtml: z.string().nullable(),
  textHash: z.string().nullable(),
  hashAlg: z.string().nullable(),
  clientIp: z.string().nullable(),
});
export type SignatureDetail = z.infer<typeof signatureDetailSchema>;

export const signResponse = z.object({
  signature: signatureDetailSchema,
  /** The session's stage after signing: `full` once nothing holds the person any longer. */
  stage: z.enum(['full', 'agreements', 'password_change', 'mfa', 'mfa_enrol']),
});

export const personAgreementsResponse = z.object({
  person: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    post: z.string().nullable(),
    status: z.string(),
    /** The day the departure NDA was asked of them, or null. */
    leavingSince: z.string().nullable(),
  }),
  obligations: z.array(obligationSchema),
  /** `canWithdraw`: the reader may withdraw this signature now (a signature of someone else's, not yet withdrawn). */
  signatures: z.array(signatureSummarySchema.extend({ canWithdraw: z.boolean() })),
  /**
   * What the reader may do on this person now, as the actions decide: the policy for this person (never the office on
   * its own record), nothing new for a disabled or departed person, a paper signature only while something is left
   * to sign, the departure NDA asked once.
   */
  abilities: z.object({ recordPaper: z.boolean(), askLeaver: z.boolean() }),
});
export type PersonAgreementsDto = z.infer<typeof personAgreementsResponse>;

export const userIdParam = z.strictObject({ userId: z.uuid() });

/** A paper signature: the scan is the request's body (PDF, PNG or JPEG); who, which version and when, the query. */
export const paperQuery = z.strictObject({
  userId: z.uuid(),
  versionId: z.uuid(),
  signedOn: calendarDate,
});

export const scanBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), 'the signed paper agreement: a PDF, PNG or JPEG file')
  .meta({ type: 'string', format: 'binary' });

export const withdrawBody = z.strictObject({ reason: multilineText(1000, 1) });

export const leaverBody = z.strictObject({ userId: z.uuid() });

export const leaverSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  username: z.string(),
  departmentName: z.string().nullable(),
  status: z.string(),
  requestedOn: z.string(),
  requestedAt: z.string(),
  requestedByName: z.string().nullable(),
  /** Where the leaver stands with the departure NDA (null: none published). */
  departureNda: z.enum(OBLIGATION_STATES).nullable(),
});
export const leaverListResponse = z.object({ items: z.array(leaverSchema) });
