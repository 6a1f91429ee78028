/** Table shapes of the people module (migration 014: agreements). Conventions as in the platform's schema.ts. */
export interface AgreementTemplateTable {
  id: string;
  kind: string; // AgreementKind
  title: string;
  department_id: string | null;
  post: string | null;
  validity_months: number | null;
  grace_days: number | null;
  status: string; // TemplateStatus
  draft_body: string;
  draft_duties: string | null;
  current_version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AgreementVersionTable {
  id: string;
  template_id: string;
  version_no: number;
  title: string;
  body: string;
  duties: string | null;
  published_at: string;
  published_by: string | null;
}

/** Never updated or deleted (database triggers refuse it). */
export interface AgreementSignatureTable {
  id: string;
  user_id: string;
  template_id: string;
  version_id: string;
  act: string; // SignatureAct
  method: string; // SignatureMethod
  signed_on: string;
  recorded_at: string;
  recorded_by: string | null;
  rendered_html: string | null;
  text_hash: string | null;
  hash_alg: string | null;
  client_ip: string | null;
  blob_id: string | null;
  withdraws_id: string | null;
  reason: string | null;
}

export interface AgreementLeaverTable {
  user_id: string;
  requested_on: string;
  requested_by: string | null;
  requested_at: string;
}

export interface PeopleTables {
  agreement_templates: AgreementTemplateTable;
  agreement_versions: AgreementVersionTable;
  agreement_signatures: AgreementSignatureTable;
  agreement_leavers: AgreementLeaverTable;
}

// The agreements' tables join the one Database interface (declaration merging: the platform imports nothing here).
declare module '../../platform/db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends PeopleTables {}
}
