/** Table shapes of the carriers module (migration 012). Conventions as in the platform's schema.ts. */
export interface StorageLocationTable {
  id: string;
  code: string;
  name: string;
  kind: string; // LocationKind
  room: string;
  department_id: string | null;
  /** The highest level it may hold; null: any level. */
  max_level: string | null;
  physical_protection: string;
  electronic_protection: string;
  key_holder_ids: string; // JSON string[]
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CarrierHandlerTable {
  department_id: string;
  user_id: string;
  duty: string; // HandlerDuty
  assigned_by: string | null;
  assigned_at: string;
}

export interface CarrierTable {
  id: string;
  seq: number;
  number: string;
  /** The register number of the set: a 绝密/机密 carrier's copies share it, each its own unit. */
  set_number: string;
  copy_no: number | null;
  copies: number;
  title: string;
  kind: string;
  level: string;
  access_rank: number;
  period_value: number | null;
  period_unit: string | null;
  declassify_condition: string | null;
  marked_on: string;
  secrecy_until: string | null;
  item_id: string | null;
  pages: number | null;
  quantity: number;
  originator: string;
  origin: string;
  custodian_id: string;
  department_id: string;
  location_id: string;
  status: string;
  search_text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CarrierScopeTable {
  carrier_id: string;
  kind: string; // user | department | role
  ref: string;
}

export interface CarrierAccessTable {
  kind: string; // user | department | role | custodian | holder | item | dept
  /** A user, department or role id; for `item` the linked secret item's seq (decimal). */
  ref: string;
  seq: number;
  access_rank: number;
}

export interface CarrierTermTable {
  term: string;
  seq: number;
}

export interface CarrierEventTable {
  id: string; // sortable: events of a carrier in order
  carrier_id: string;
  at: string;
  actor_id: string | null;
  event: string;
  details: string; // JSON
}

export interface CarrierLoanTable {
  id: string;
  carrier_id: string;
  borrower_id: string;
  lent_by: string | null;
  lent_at: string;
  due_on: string;
  extensions: number;
  status: string; // active | returned
  returned_at: string | null;
  received_by: string | null;
  return_note: string | null;
  version: number;
}

export interface CarrierDispatchTable {
  id: string;
  carrier_id: string;
  direction: string; // incoming | outgoing | internal
  channel: string;
  counterpart: string | null;
  recipient_id: string | null;
  recipient_department_id: string | null;
  handler_id: string | null;
  at: string;
  copies: number;
  status: string; // awaiting | signed
  signed_by_id: string | null;
  signed_by_name: string | null;
  signed_at: string | null;
  note: string | null;
  version: number;
}

export interface CarrierCarryOutTable {
  id: string;
  carrier_id: string;
  bearer_id: string;
  requested_by: string;
  destination: string;
  purpose: string;
  return_on: string;
  request_id: string | null;
  status: string; // requested | approved | out | returned | refused | cancelled
  requested_at: string;
  departed_at: string | null;
  returned_at: string | null;
  received_by: string | null;
  return_note: string | null;
  version: number;
}

export interface CarrierCirculationTable {
  id: string;
  carrier_id: string;
  started_by: string;
  started_at: string;
  due_on: string;
  status: string; // open | closed
  closed_at: string | null;
  version: number;
}

export interface CarrierCirculationReaderTable {
  circulation_id: string;
  reader_id: string;
  position: number;
  signed_at: string | null;
}

export interface CarrierTables {
  storage_locations: StorageLocationTable;
  carrier_handlers: CarrierHandlerTable;
  carriers: CarrierTable;
  carrier_scope: CarrierScopeTable;
  carrier_access: CarrierAccessTable;
  carrier_terms: CarrierTermTable;
  carrier_events: CarrierEventTable;
  carrier_loans: CarrierLoanTable;
  carrier_dispatches: CarrierDispatchTable;
  carrier_carry_outs: CarrierCarryOutTable;
  carrier_circulations: CarrierCirculationTable;
  carrier_circulation_readers: CarrierCirculationReaderTable;
}

// The register's tables join the one Database interface (declaration merging: the platform imports nothing here).
declare module '../../platform/db/schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CarrierTables {}
}
