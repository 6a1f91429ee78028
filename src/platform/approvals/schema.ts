/**
 * Table shapes of the approval engine (migrations 002, 010, 011). Conventions as in platform/db/schema.ts. A request
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

/** A scanned paper form uploaded for a request (migration 011): the blob it is, and what it is. */
export interface ApprovalEvidenceTable {
  /** The blob's id in the blob folder (`ctx.blobs`). */
  id: string;
  request_id: string;
  sha256: string;
  size: number;
  /** application/pdf, image/png or image/jpeg, as its first bytes say. */
  media_type: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface ApprovalTables {
  approval_requests: ApprovalRequestTable;
  approval_tasks: ApprovalTaskTable;
  approval_evidence: ApprovalEvidenceTable;
}

declare module '../db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ApprovalTables {}
}
