import { anyOf, type ChainTier, type StepPolicy } from './approvals.js';

/**
 * Classified carriers (涉密载体): the register (台账) of documents, telegrams, charts, media and devices that
 * hold secrets, where each one is, who keeps it and every movement. The words the server, the policy and the
 * web share.
 */
export const CARRIER_KINDS = [
  'paper_document', // 纸质文件
  'telegram', // 文电
  'chart', // 图表、图纸
  'storage_medium', // 存储介质
  'device', // 涉密设备
  'electronic_document', // 电子文件 (its content comes with a later issue)
  'meeting_record', // 会议记录、会议文件 (CAR-20)
  'other',
] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/**
 * Where a carrier is in its life:
 * - `draft`: being drafted (起草), already classified and kept like any carrier (CAR-08);
 * - `in_store`: in its storage location;
 * - `on_loan`, `circulating`, `carried_out`: out with a borrower, its readers, or the person carrying it;
 * - `in_transit`: handed to an internal recipient who has not signed for it yet;
 * - `dispatched`: sent outside the unit (kept in the register with the receipt);
 * - `archived`: filed (归档) after the leader's review.
 */
export const CARRIER_STATUSES = [
  'draft',
  'in_store',
  'on_loan',
  'circulating',
  'carried_out',
  'in_transit',
  'dispatched',
  'archived',
] as const;
export type CarrierStatus = (typeof CARRIER_STATUSES)[number];

/** Statuses in which the carrier is physically in its location, in its custodian's charge. */
export const AT_REST_STATUSES: readonly CarrierStatus[] = ['draft', 'in_store', 'archived'];

export const CARRIER_ORIGINS = ['produced', 'received'] as const;
export type CarrierOrigin = (typeof CARRIER_ORIGINS)[number];

/**
 * Transmission channels (CAR-21). Secure: hand to hand by a designated handler, the confidential courier
 * (机要交通), confidential mail (机要邮寄), encrypted fax, the classified network. Unsecured: ordinary mail,
 * e-mail, plain fax, phone, plain telegram (明电) — refused for classified carriers.
 */
export const CHANNELS = [
  'by_hand',
  'confidential_courier',
  'confidential_mail',
  'encrypted_fax',
  'classified_network',
  'ordinary_mail',
  'email',
  'fax',
  'phone',
  'plain_telegram',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const SECURE_CHANNELS: readonly Channel[] = [
  'by_hand',
  'confidential_courier',
  'confidential_mail',
  'encrypted_fax',
  'classified_network',
];

/** What a designated handler (指定人员) of a department may do with carriers (CAR-03). */
export const HANDLER_DUTIES = ['produce', 'dispatch', 'transmit', 'carry_out'] as const;
export type HandlerDuty = (typeof HANDLER_DUTIES)[number];

/** Registered storage containers (CAR-09/10): never a home or a public place. */
export const LOCATION_KINDS = ['safe', 'secure_cabinet', 'secure_room', 'archive_room'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const DISPATCH_DIRECTIONS = ['incoming', 'outgoing', 'internal'] as const;
export type DispatchDirection = (typeof DISPATCH_DIRECTIONS)[number];

/** The approval request types carriers registers with the engine. */
export const CARRIER_REQUEST_TYPES = [
  'carriers.carry_out', // 外出携带: the leader in charge (CAR-12)
  'carriers.archive', // 归档: after the leader has read it (CAR-13)
  'carriers.loan_extend', // a borrower asks for more time: the custodian
  'carriers.show_outside', // show or circulate to someone outside the scope: a leader (CAR-05)
] as const;
export type CarrierRequestType = (typeof CARRIER_REQUEST_TYPES)[number];

/** The groups a carrier gives its requests' chains (besides the organisation's). */
export const CARRIER_APPROVER_GROUPS = ['custodian'] as const;

const leader: Record<ChainTier, StepPolicy[]> = {
  confidential: [anyOf('leader_in_charge')],
  secret: [anyOf('leader_in_charge')],
  top_secret: [anyOf('leader_in_charge')],
};

export const DEFAULT_CARRIER_CHAINS: Record<CarrierRequestType, Record<ChainTier, StepPolicy[]>> = {
  'carriers.carry_out': leader,
  'carriers.archive': {
    confidential: [anyOf('dept_head')],
    secret: [anyOf('dept_head')],
    top_secret: [anyOf('dept_head'), anyOf('leader_in_charge')],
  },
  'carriers.loan_extend': {
    confidential: [anyOf('custodian')],
    secret: [anyOf('custodian')],
    top_secret: [anyOf('custodian'), anyOf('dept_head')],
  },
  'carriers.show_outside': {
    confidential: [anyOf('dept_head')],
    secret: [anyOf('leader_in_charge')],
    top_secret: [anyOf('leader_in_charge'), anyOf('confidentiality_office')],
  },
};

/** Which ledger a list is: mine (personal), a department's, the whole unit's. */
export const LEDGERS = ['personal', 'department', 'unit'] as const;
export type Ledger = (typeof LEDGERS)[number];
