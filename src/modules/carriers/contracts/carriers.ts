import { z } from 'zod';
import {
  CARRIER_KINDS,
  CARRIER_ORIGINS,
  CARRIER_REQUEST_TYPES,
  CARRIER_STATUSES,
  CHANNELS,
  DISPATCH_DIRECTIONS,
  HANDLER_DUTIES,
  LEDGERS,
  LOCATION_KINDS,
} from '../../../kernel/carriers.js';
import { LEVELS } from '../../../kernel/levels.js';
import { CARRIER_ACTIONS } from '../../../policy/carriers.js';
import {
  lineText,
  multilineText,
  nameText,
  optionalLine,
  MAX_INT32,
  queryInt,
  settingVersionField,
  versionField,
} from '../../../platform/contracts/common.js';
import { markingSchema, periodSchema, scopeListSchema, scopeViewSchema } from '../../classification/index.js';

/** The register's contracts: locations, designated handlers, carriers and their ledgers, settings. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

// ---- Storage locations (CAR-09, CAR-10)

export const locationSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(LOCATION_KINDS),
  room: z.string(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  maxLevel: z.enum(LEVELS).nullable(),
  physicalProtection: z.string(),
  electronicProtection: z.string(),
  keyHolders: z.array(z.object({ id: z.string(), displayName: z.string() })),
  active: z.boolean(),
  carriers: z.number().int(),
  version: z.number().int(),
});
export type StorageLocation = z.infer<typeof locationSchema>;
export const locationListResponse = z.object({ items: z.array(locationSchema) });

const locationFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_\-/.]+$/, 'letters, digits and -_/. only'),
  name: nameText(100),
  kind: z.enum(LOCATION_KINDS),
  room: nameText(100),
  departmentId: z.uuid().nullable(),
  maxLevel: z.enum(LEVELS).nullable(),
  physicalProtection: multilineText(500, 1),
  electronicProtection: multilineText(500, 1),
  keyHolderIds: z.array(z.uuid()).min(1).max(20),
};
export const createLocationBody = z.strictObject(locationFields);
export const updateLocationBody = z.strictObject({ ...locationFields, active: z.boolean(), version: versionField });

// ---- Designated handlers (CAR-03)

export const handlerSchema = z.object({
  departmentId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  duty: z.enum(HANDLER_DUTIES),
  assignedByName: z.string().nullable(),
  assignedAt: z.string(),
});
export const handlerListResponse = z.object({ items: z.array(handlerSchema) });
export const handlerBody = z.strictObject({ userId: z.uuid(), duty: z.enum(HANDLER_DUTIES) });
export const handlerParams = z.strictObject({ id: z.uuid() });
export const handlerQuery = z.strictObject({ departmentId: z.uuid().optional() });
/** What the signed-in person may do in which department (the UI's register and movement buttons). */
export const myDutiesResponse = z.object({
  duties: z.array(z.object({ departmentId: z.string(), departmentName: z.string(), duty: z.enum(HANDLER_DUTIES) })),
});

// ---- Carriers

export const carrierSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  copyNo: z.number().int().nullable(),
  copies: z.number().int(),
  kind: z.enum(CARRIER_KINDS),
  level: z.enum(LEVELS),
  status: z.enum(CARRIER_STATUSES),
  /** False: a ledger row above the reader's clearance (number, level, custodian and location only). */
  particulars: z.boolean(),
  title: z.string().nullable(),
  marking: markingSchema.nullable(),
  secrecyUntil: z.string().nullable(),
  custodianId: z.string(),
  custodianName: z.string(),
  departmentId: z.string(),
  departmentName: z.string(),
  locationId: z.string(),
  locationName: z.string(),
  /** Who has it now when out (borrower, bearer, recipient), and until when. */
  holderName: z.string().nullable(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CarrierSummary = z.infer<typeof carrierSummarySchema>;

export const carrierEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorName: z.string().nullable(),
  event: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const loanSchema = z.object({
  id: z.string(),
  borrowerId: z.string(),
  borrowerName: z.string(),
  lentAt: z.string(),
  dueOn: z.string(),
  extensions: z.number().int(),
  status: z.enum(['active', 'returned']),
  returnedAt: z.string().nullable(),
  returnNote: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export const dispatchSchema = z.object({
  id: z.string(),
  direction: z.enum(DISPATCH_DIRECTIONS),
  channel: z.enum(CHANNELS),
  counterpart: z.string().nullable(),
  recipientId: z.string().nullable(),
  recipientName: z.string().nullable(),
  recipientDepartmentName: z.string().nullable(),
  handlerName: z.string().nullable(),
  at: z.string(),
  copies: z.number().int(),
  status: z.enum(['awaiting', 'signed']),
  signedByName: z.string().nullable(),
  signedAt: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export const carryOutSchema = z.object({
  id: z.string(),
  bearerId: z.string(),
  bearerName: z.string(),
  destination: z.string(),
  purpose: z.string(),
  returnOn: z.string(),
  requestId: z.string().nullable(),
  status: z.enum(['requested', 'approved', 'out', 'returned', 'refused', 'cancelled']),
  departedAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnNote: z.string().nullable(),
  late: z.boolean(),
  version: z.number().int(),
});
export const circulationSchema = z.object({
  id: z.string(),
  startedByName: z.string(),
  startedAt: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'closed']),
  overdue: z.boolean(),
  readers: z.array(z.object({ id: z.string(), displayName: z.string(), signedAt: z.string().nullable() })),
  version: z.number().int(),
});

export const carrierDetailSchema = carrierSummarySchema.extend({
  setNumber: z.string(),
  period: periodSchema.nullable(),
  declassifyCondition: z.string().nullable(),
  markedOn: z.string().nullable(),
  item: z.object({ id: z.string(), number: z.string() }).nullable(),
  pages: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  originator: z.string().nullable(),
  origin: z.enum(CARRIER_ORIGINS),
  scope: z.array(scopeViewSchema),
  createdAt: z.string(),
  loan: loanSchema.nullable(),
  dispatch: dispatchSchema.nullable(),
  carryOut: carryOutSchema.nullable(),
  circulation: circulationSchema.nullable(),
  history: z.array(carrierEventSchema),
  /** The approval request under way on it (carry-out, archive, longer loan, showing outside the scope). */
  pendingRequest: z.object({ id: z.string(), number: z.string(), type: z.enum(CARRIER_REQUEST_TYPES) }).nullable(),
  abilities: z.record(z.enum(CARRIER_ACTIONS), z.boolean()),
});
export type CarrierDetail = z.infer<typeof carrierDetailSchema>;

export const MAX_CARRIER_PAGE = 200;
export const carrierFilters = {
  ledger: z.enum(LEDGERS).optional(),
  departmentId: z.uuid().optional(),
  q: lineText(100).optional(),
  kind: z.enum(CARRIER_KINDS).optional(),
  level: z.enum(LEVELS).optional(),
  status: z.enum(CARRIER_STATUSES).optional(),
  custodianId: z.uuid().optional(),
  locationId: z.uuid().optional(),
  /** Only carriers out past their due date (loans, circulations, carry-outs). */
  overdue: z.enum(['true']).optional(),
  /** Only carriers the reader has now without keeping them: on loan, carried, to sign for, to read. */
  holding: z.enum(['true']).optional(),
};
export const carrierListQuery = z.strictObject({
  ...carrierFilters,
  order: z.enum(['asc', 'desc']).optional(),
  limit: queryInt(1, MAX_CARRIER_PAGE).optional(),
  /** The register order (seq) the previous page ended at (the last page's `nextCursor`). */
  cursor: queryInt(0, MAX_INT32).optional(),
});
export const carrierCountQuery = z.strictObject(carrierFilters);
export const carrierListResponse = z.object({
  items: z.array(carrierSummarySchema),
  nextCursor: z.number().int().nullable(),
});
export const carrierCountResponse = z.object({ total: z.number().int() });
export const ledgerExportQuery = z.strictObject({
  ...carrierFilters,
  format: z.enum(['csv', 'xlsx']),
  lang: z.enum(['zh-CN', 'en-US']).optional(),
});
export const ledgerPrintQuery = z.strictObject({ ...carrierFilters, lang: z.enum(['zh-CN', 'en-US']).optional() });

/** Produce (制作) or receive (收文) a carrier: it enters the register with its marking, custodian and location. */
export const registerCarrierBody = z
  .strictObject({
    origin: z.enum(CARRIER_ORIGINS),
    /** Produced carriers may start as drafts (起草), classified from the start (CAR-08). */
    draft: z.boolean().optional(),
    title: nameText(200),
    kind: z.enum(CARRIER_KINDS),
    /** Linked to a secret item of the catalogue: its level and period apply. Else the carrier's own. */
    itemId: z.uuid().nullable(),
    level: z.enum(LEVELS).nullable(),
    period: periodSchema.nullable(),
    declassifyCondition: multilineText(500).nullable(),
    markedOn: calendarDate.optional(),
    copies: z.number().int().min(1).max(200),
    pages: z.number().int().min(1).max(100_000).nullable(),
    quantity: z.number().int().min(1).max(100_000).optional(),
    originator: nameText(200),
    departmentId: z.uuid(),
    custodianId: z.uuid(),
    locationId: z.uuid(),
    scope: scopeListSchema,
    /** Receiving: how it came and from whom (the sign-for record of the incoming dispatch). */
    received: z
      .strictObject({ channel: z.enum(CHANNELS), counterpart: nameText(200), note: optionalLine(500).nullable() })
      .nullable()
      .optional(),
  })
  .superRefine((b, c) => {
    if ((b.origin === 'received') !== Boolean(b.received))
      c.addIssue({
        code: 'custom',
        path: ['received'],
        message: 'a received carrier needs its sign-for record, a produced one none',
      });
    if (b.origin === 'received' && b.draft)
      c.addIssue({ code: 'custom', path: ['draft'], message: 'only produced carriers start as drafts' });
    if (b.itemId === null && b.level === null)
      c.addIssue({ code: 'custom', path: ['level'], message: 'a level, or a linked secret item' });
    if (b.itemId !== null && (b.level !== null || b.period !== null || b.declassifyCondition !== null))
      c.addIssue({
        code: 'custom',
        path: ['itemId'],
        message: 'a linked carrier takes the level and period of its item',
      });
  });
export const registerResponse = z.object({ items: z.array(carrierSummarySchema) });

export const updateCarrierBody = z.strictObject({
  version: versionField,
  title: nameText(200),
  pages: z.number().int().min(1).max(100_000).nullable(),
  originator: nameText(200),
  scope: scopeListSchema,
});
export const versionBody = z.strictObject({ version: versionField });
export const reasonBody = z.strictObject({ version: versionField, reason: multilineText(500, 1) });

// ---- Movements

export const lendBody = z.strictObject({
  version: versionField,
  borrowerId: z.uuid(),
  /** Earlier than the policy's due date if wished; never later. */
  dueOn: calendarDate.nullable(),
});
export const returnBody = z.strictObject({
  version: versionField,
  pages: z.number().int().min(1).max(100_000).nullable(),
  quantity: z.number().int().min(0).max(100_000),
  /** What is missing or damaged: a return that does not match the register needs it. */
  note: optionalLine(500).nullable(),
});
export const extendLoanBody = z.strictObject({
  version: versionField,
  dueOn: calendarDate,
  reason: multilineText(500, 1),
});
export const dispatchBody = z.strictObject({
  version: versionField,
  channel: z.enum(CHANNELS),
  counterpart: nameText(200),
  copies: z.number().int().min(1).max(200),
  note: optionalLine(500).nullable(),
});
export const transmitBody = z.strictObject({
  version: versionField,
  channel: z.enum(CHANNELS),
  recipientId: z.uuid(),
  note: optionalLine(500).nullable(),
});
export const signForBody = z.strictObject({
  version: versionField,
  locationId: z.uuid(),
  note: optionalLine(500).nullable(),
});
export const receiptBody = z.strictObject({
  version: versionField,
  signedByName: nameText(100),
  signedAt: calendarDate,
});
export const circulateBody = z.strictObject({
  version: versionField,
  readerIds: z.array(z.uuid()).min(1).max(50),
  dueOn: calendarDate,
});
export const showOutsideBody = z.strictObject({
  version: versionField,
  personIds: z.array(z.uuid()).min(1).max(20),
  reason: multilineText(500, 1),
});
export const carryOutBody = z.strictObject({
  version: versionField,
  bearerId: z.uuid(),
  destination: nameText(200),
  purpose: multilineText(500, 1),
  returnOn: calendarDate,
});
export const carryOutReturnBody = returnBody;
export const transferBody = z.strictObject({
  version: versionField,
  custodianId: z.uuid(),
  locationId: z.uuid(),
  reason: multilineText(500, 1),
});
export const movementParams = z.strictObject({ id: z.uuid(), movementId: z.uuid() });

// ---- Settings

export const carrierSettingsSchema = z.strictObject({
  numberScheme: lineText(60).min(1),
  loanDays: z.strictObject({
    confidential: z.number().int().min(1).max(365),
    secret: z.number().int().min(1).max(365),
    top_secret: z.number().int().min(1).max(365),
  }),
  remindDaysBefore: z.number().int().min(0).max(30),
  maxCarryOutDays: z.number().int().min(1).max(365),
  telegramCleanupDays: z.number().int().min(7).max(3650),
});
export type CarrierSettings = z.infer<typeof carrierSettingsSchema>;
export const carrierSettingsResponse = z.object({ settings: carrierSettingsSchema, version: z.number().int() });
export const updateCarrierSettingsBody = z.strictObject({
  version: settingVersionField,
  settings: carrierSettingsSchema,
});
