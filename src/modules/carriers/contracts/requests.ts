import { z } from 'zod';
import { REQUEST_STATUSES } from '../../../kernel/approvals.js';
import { carrierSummarySchema, carryOutSchema } from './carriers.js';

/**
 * The carriers' approval requests (外出携带, 归档, 续借, 范围外知悉): what a submission answers, and what the request
 * page shows its viewers of the carrier and of the request (`targetDetails`, rendered by the web's carriers
 * module). Viewers who may not see the carrier get null instead.
 */

/** A request submitted (201): the engine's request, to follow on the request page; `approved` when no step. */
export const requestSubmittedResponse = z.object({
  requestId: z.string(),
  number: z.string(),
  status: z.enum(REQUEST_STATUSES),
});
export type RequestSubmitted = z.infer<typeof requestSubmittedResponse>;

export const carrierRequestDetailsSchema = z.object({
  /** The carrier as its ledger row shows it, with the particulars its approvers check. */
  carrier: carrierSummarySchema.extend({
    pages: z.number().int().nullable(),
    quantity: z.number().int(),
    originator: z.string(),
  }),
  /** 外出携带: who carries it where, and when it comes back. */
  carryOut: carryOutSchema
    .pick({
      id: true,
      bearerId: true,
      bearerName: true,
      destination: true,
      purpose: true,
      returnOn: true,
      status: true,
    })
    .nullable(),
  /** 续借: the loan, its due date now and the one asked for. */
  loan: z
    .object({
      id: z.string(),
      borrowerId: z.string(),
      borrowerName: z.string(),
      dueOn: z.string(),
      askedDueOn: z.string(),
      extensions: z.number().int(),
      status: z.enum(['active', 'returned']),
    })
    .nullable(),
  /** 范围外知悉: the people it would be shown to. */
  people: z
    .array(z.object({ id: z.string(), displayName: z.string(), departmentName: z.string().nullable() }))
    .nullable(),
});
export type CarrierRequestDetails = z.infer<typeof carrierRequestDetailsSchema>;
