/**
 * Types of the people module's agreements (templates, versions, obligations, signatures, the report). Written here
 * from the server's Zod contracts (type-only imports: nothing of zod reaches the bundle).
 */
import type { z } from 'zod';
import type * as tpl from '../../../../src/modules/people/contracts/templates.js';
import type * as sig from '../../../../src/modules/people/contracts/signatures.js';
import type * as rep from '../../../../src/modules/people/contracts/reports.js';
import type {
  AgreementKind,
  ObligationState,
  SignatureAct,
  SignatureMethod,
  TemplateStatus,
} from '../../../../src/kernel/agreements.js';

export type { AgreementKind, ObligationState, SignatureAct, SignatureMethod, TemplateStatus };

export type TemplateSummary = tpl.TemplateSummary;
export type Template = tpl.TemplateDetail;
export type TemplateVersion = tpl.VersionSummary;
export type PublishResult = tpl.PublishResult;
export type RenderedVersion = tpl.RenderedVersion;
export type AgreementSettings = tpl.AgreementSettings;
export type TemplateInput = z.input<typeof tpl.createTemplateBody>;
export type ReportRow = rep.ReportRow;
export type ReportObligation = rep.ReportObligation;
export type ReportResponse = rep.ReportResponse;
export type ReportQuery = z.input<typeof rep.reportQuery>;

/** One agreement the person must sign, where they stand with it, its duties and whether it holds sign-in. */
export type Obligation = sig.ObligationDto;
export type MyObligations = z.infer<typeof sig.myObligationsResponse>;
export type Signature = sig.SignatureSummary;
export type SignatureDetail = sig.SignatureDetail;
export type SignAnswer = z.infer<typeof sig.signResponse>;
export type PersonAgreements = z.infer<typeof sig.personAgreementsResponse>;
export type Leaver = z.infer<typeof sig.leaverSchema>;
