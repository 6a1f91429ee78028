/**
 * Table shapes of the approval engine (migrations 002, 010). Conventions as in platform/db/schema.ts. A request
 * points at its target by `target_type` + `target_id` (a secret item, a carrier...): no foreign key, so the
 * module that registers the request type checks the target in the submitting transaction and ends the pending
 * requests of a target it deletes.
 */
export interface ApprovalRequestTable {
  id: string;
  number: string;
  type: string;
  status: string;
  target_type: string;
  target_id: string;
  requester_id: string;
  subject_id: string | null;
  level_rank: number;
  reason: string;
  payload: string; // JSON
  chain: string; // JSON ChainStep[]
  current_step: number;
  created_at: string;
  updated_at: string;
  decided_at: string | null;
  expires_at: string;
  version: number;
}

export interface ApprovalTaskTable {
  id: string;
  request_id: string;
  step: number;
  approver_id: string;
  status: string; // pending | approved | rejected | closed
  comment: string | null;
  created_at: string;
  decided_at: string | null;
  /** A decision signed on paper, recorded on the approver's behalf by the confidentiality office (null: in person). */
  recorded_by: string | null;
  /** The scanned paper form of a recorded decision (a blob). */
  evidence_blob_id: string | null;
}

export interface ApprovalTables {
  approval_requests: ApprovalRequestTable;
  approval_tasks: ApprovalTaskTable;
}

declare module '../db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ApprovalTables {}
}
