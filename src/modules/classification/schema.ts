/** Table shapes of the classification module (migration 002). Conventions as in schema.ts. */
export interface ClassificationAuthorityTable {
  id: string;
  user_id: string;
  kind: string; // statutory | designated
  max_level: string;
  appointed_on: string;
  note: string | null;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SecretItemTable {
  id: string;
  seq: number;
  number: string;
  title: string;
  content: string;
  category: string;
  level: string;
  access_rank: number;
  status: string;
  basis: string;
  period_value: number | null;
  period_unit: string | null;
  declassify_condition: string | null;
  marked_on: string | null;
  secrecy_until: string | null;
  classifier_id: string | null;
  classifier_kind: string;
  origin: string;
  source_item_id: string | null;
  custodian_id: string;
  department_id: string | null;
  next_review_on: string | null;
  last_reviewed_on: string | null;
  declassified_on: string | null;
  declassify_reason: string | null;
  search_text: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ItemAccessTable {
  kind: string; // user | department | role | custodian | everyone
  ref: string;
  seq: number;
  access_rank: number;
}

export interface ItemTermTable {
  term: string;
  seq: number;
}

export interface ItemHistoryTable {
  id: string;
  item_id: string;
  at: string;
  actor_id: string | null;
  event: string;
  request_id: string | null;
  details: string; // JSON
}

export interface AccessGrantTable {
  id: string;
  item_id: string;
  item_seq: number;
  grantee_id: string;
  actions: string; // JSON GrantAction[]
  source: string; // request | emergency
  request_id: string | null;
  reason: string;
  granted_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  review_status: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
  created_by: string | null;
  version: number;
}

export interface ReviewCampaignTable {
  id: string;
  kind: string; // annual | access
  title: string;
  status: string; // open | closed
  due_on: string;
  created_by: string | null;
  created_at: string;
  closed_at: string | null;
}

export interface ReviewTaskTable {
  id: string;
  campaign_id: string;
  item_id: string;
  reviewer_id: string;
  status: string; // pending | done
  decision: string | null;
  comment: string | null;
  details: string | null;
  decided_at: string | null;
  version: number;
}

export interface ClassificationTables {
  classification_authorities: ClassificationAuthorityTable;
  secret_items: SecretItemTable;
  item_access: ItemAccessTable;
  item_terms: ItemTermTable;
  item_history: ItemHistoryTable;
  access_grants: AccessGrantTable;
  review_campaigns: ReviewCampaignTable;
  review_tasks: ReviewTaskTable;
}

// The catalogue's tables join the one Database interface (declaration merging: the platform imports nothing here).
declare module '../../platform/db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ClassificationTables {}
}
