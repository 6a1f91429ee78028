/**
 * Types of the carriers module, from its Zod contracts (type-only imports: nothing of zod reaches the bundle).
 */
import type { z } from 'zod';
import type * as c from '../../../../src/modules/carriers/contracts/carriers.js';
import type * as r from '../../../../src/modules/carriers/contracts/requests.js';

export type CarrierSummary = c.CarrierSummary;
export type CarrierDetail = c.CarrierDetail;
/** An action on one carrier (`CarrierDetail.abilities`, computed by the server's `can`). */
export type CarrierAction = keyof CarrierDetail['abilities'];
export type CarrierEvent = CarrierDetail['history'][number];
export type Loan = NonNullable<CarrierDetail['loan']>;
export type Dispatch = NonNullable<CarrierDetail['dispatch']>;
export type CarryOut = NonNullable<CarrierDetail['carryOut']>;
export type Circulation = NonNullable<CarrierDetail['circulation']>;
export type StorageLocation = c.StorageLocation;
export type Handler = z.infer<typeof c.handlerSchema>;
export type MyDuty = z.infer<typeof c.myDutiesResponse>['duties'][number];
export type CarrierSettings = c.CarrierSettings;
export type RegisterInput = z.input<typeof c.registerCarrierBody>;
export type CarrierRequestFacts = r.CarrierRequestDetails;
export type RequestSubmitted = r.RequestSubmitted;
