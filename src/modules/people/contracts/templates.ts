import { z } from 'zod';
import { AGREEMENT_KINDS, OBLIGATION_STATES, TEMPLATE_STATUSES } from '../../../kernel/agreements.js';
import {
  nameText,
  rawMultilineText,
  requiredLine,
  settingVersionField,
  versionField,
} from '../../../platform/contracts/common.js';

/** The agreements' templates, their versions and the settings: requests and answers. */
export const agreementKindSchema = z.enum(AGREEMENT_KINDS);
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Markdown with placeholders: at most 50,000 characters, not only blanks. */
export const templateBodyText = rawMultilineText(50_000).refine((s) => s.trim().length > 0, 'must not be empty');
/** The duty description (保密职责, PER-08) kept with a responsibility letter: Markdown, no placeholders. */
export const dutiesText = rawMultilineText(10_000).refine((s) => s.trim().length > 0, 'must not be empty');

const templateFields = {
  title: nameText(200),
  /** Responsibility letters and `other`: for this department (and its sub-departments), or any (null). */
  departmentId: z.uuid().nullable(),
  /** Responsibility letters and `other`: for this post (岗位), or any (null). */
  post: requiredLine(100).nullable(),
  /** Months a signature stays valid (e.g. 12 for a yearly responsibility letter); null: forever. */
  validityMonths: z.number().int().min(1).max(600).nullable(),
  /** Days to sign a new version; null: the setting's. */
  graceDays: z.number().int().min(0).max(365).nullable(),
  body: templateBodyText,
  duties: dutiesText.nullable(),
};

export const createTemplateBody = z.strictObject({ kind: agreementKindSchema, ...templateFields });
export type CreateTemplateInput = z.infer<typeof createTemplateBody>;

export const updateTemplateBody = z.strictObject({ version: versionField, ...templateFields });
export type UpdateTemplateInput = z.infer<typeof updateTemplateBody>;

export const templateVersionBody = z.strictObject({ version: versionField });

/** A draft rendered for the caller, as the live preview shows it. */
export const previewBody = z.strictObject({
  body: templateBodyText,
  duties: dutiesText.nullable().optional(),
});
export const previewResponse = z.object({ html: z.string() });

export const templateListQuery = z.strictObject({
  kind: agreementKindSchema.optional(),
  status: z.enum(TEMPLATE_STATUSES).optional(),
});

export const templateSummarySchema = z.object({
  id: z.string(),
  kind: agreementKindSchema,
  title: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  post: z.string().nullable(),
  validityMonths: z.number().int().nullable(),
  graceDays: z.number().int().nullable(),
  status: z.enum(TEMPLATE_STATUSES),
  /** The number of the latest published version; 0 before the first. */
  currentVersion: z.number().int(),
  /** The draft differs from the current version (or nothing is published yet). */
  draftChanged: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;
export const templateListResponse = z.object({ items: z.array(templateSummarySchema) });

export const versionSummarySchema = z.object({
  id: z.string(),
  versionNo: z.number().int(),
  title: z.string(),
  publishedAt: z.string(),
  publishedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  current: z.boolean(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const templateDetailSchema = templateSummarySchema.extend({
  draftBody: z.string(),
  draftDuties: z.string().nullable(),
  versions: z.array(versionSummarySchema),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

/** One person who must (re-)sign, as publishing lists them. */
export const toSignPersonSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  departmentName: z.string().nullable(),
  state: z.enum(OBLIGATION_STATES),
  dueOn: z.string().nullable(),
});
export type ToSignPerson = z.infer<typeof toSignPersonSchema>;

export const publishResponse = z.object({
  template: templateDetailSchema,
  version: versionSummarySchema,
  /** Who must sign this version now (new signers and re-signers): the count and the people. */
  toSign: z.object({ count: z.number().int(), people: z.array(toSignPersonSchema) }),
});
export type PublishResult = z.infer<typeof publishResponse>;

/** A published version's text rendered for the caller (placeholders filled for them). */
export const renderedVersionSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  kind: agreementKindSchema,
  versionNo: z.number().int(),
  title: z.string(),
  html: z.string(),
  /** The duty description as sanitised HTML (responsibility letters), or null. */
  dutiesHtml: z.string().nullable(),
  publishedAt: z.string(),
  /** It is the template's latest published version. */
  current: z.boolean(),
});
export type RenderedVersion = z.infer<typeof renderedVersionSchema>;
export const versionParams = z.strictObject({ id: z.uuid(), versionId: z.uuid() });

// ---- Settings

export const agreementSettingsSchema = z.strictObject({
  /** Days a person has to sign a newly due agreement or a new version (PER-01/02). */
  graceDays: z.number().int().min(0).max(365),
  /** Days before a signature's validity ends when the person is reminded. */
  expiryReminderDays: z.number().int().min(0).max(365),
  /**
   * The commitment letter's order (PER-03): signed only after the onboarding training is completed (training's
   * qualification `onboarding`). Off by default.
   */
  commitmentAfterTraining: z.boolean(),
});
export type AgreementSettings = z.infer<typeof agreementSettingsSchema>;
export const agreementSettingsResponse = z.object({ settings: agreementSettingsSchema, version: z.number().int() });
export const updateAgreementSettingsBody = z.strictObject({
  version: settingVersionField,
  /** A setting left out keeps its value. */
  settings: agreementSettingsSchema.extend({ commitmentAfterTraining: z.boolean().optional() }),
});
