/**
 * Table shapes of the approval engine (migration 002). Conventions as in platform/db/schema.ts. Until
 * "Platform 3" makes the engine generic a request names a secret item (`item_id`).
 */
export interface ApprovalRequestTable {
  id: string;
  number: string;
  type: string;
  status: string;
  item_id: string;
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
}

export interface ApprovalTables {
  approval_requests: ApprovalRequestTable;
  approval_tasks: ApprovalTaskTable;
}

declare module '../db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ApprovalTables {}
}
