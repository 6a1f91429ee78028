/**
 * The carriers module's calls (the register and its ledgers, storage locations, designated handlers, settings)
 * on the typed client (app/api): each path, parameter, body and answer is checked against the types generated
 * from the server's contracts.
 */
import {
  api as client,
  byId as id,
  call,
  hrefOf,
  type BodyOf as Body,
  type QueryOf as Query,
} from '../../app/api/client.js';
import type { CarrierDetail } from './contracts.js';

export type CarrierQuery = Query<'/api/carriers'>;
export type CarrierFilters = Query<'/api/carriers/count'>;
export type RegisterBody = Body<'/api/carriers', 'post'>;
export type LocationBody = Body<'/api/storage-locations', 'post'>;
export type LocationUpdateBody = Body<'/api/storage-locations/{id}', 'put'>;
export type HandlerDutyBody = Body<'/api/departments/{id}/carrier-handlers', 'post'>;

// The contract types `abilities` by the policy's carrier actions; OpenAPI only says "string keys".
const detail = (p: Promise<unknown>) => p.then((c) => c as CarrierDetail);
/** A movement that takes the carrier out of the caller's sight answers 204: null. */
const detailOrGone = (p: Promise<unknown>) => p.then((c) => (c ? (c as CarrierDetail) : null));
/** `{ params: { path: { id, movementId } } }`: one movement of a carrier (a loan, dispatch, carry-out...). */
const mv = (carrierId: string, movementId: string) => ({ params: { path: { id: carrierId, movementId } } });
type Lang = 'zh-CN' | 'en-US';

export const api = {
  /** The directory the pickers read (identity's endpoints, typed the same way). */
  directory: {
    departments: () => call(client.GET('/api/departments')),
  },
  /** Levels in use, their longest periods and the clearance classes (classification's settings, read by all). */
  classificationSettings: () => call(client.GET('/api/classification/settings')),
  /** A secret item a carrier links to (its level and period apply). */
  item: (itemId: string) => call(client.GET('/api/items/{id}', id(itemId))),
  carriers: {
    list: (query: CarrierQuery) => call(client.GET('/api/carriers', { params: { query } })),
    count: (query: CarrierFilters) => call(client.GET('/api/carriers/count', { params: { query } })),
    register: (body: RegisterBody) => call(client.POST('/api/carriers', { body })),
    get: (carrierId: string) => detail(call(client.GET('/api/carriers/{id}', id(carrierId)))),
    update: (carrierId: string, body: Body<'/api/carriers/{id}', 'put'>) =>
      detail(call(client.PUT('/api/carriers/{id}', { ...id(carrierId), body }))),
    finalise: (carrierId: string, version: number) =>
      detail(call(client.POST('/api/carriers/{id}/finalise', { ...id(carrierId), body: { version } }))),
    /** The ledger the list shows (its filters) as a marked PDF, in `lang`. */
    printUrl: (f: CarrierFilters, lang: Lang) => hrefOf('/api/carriers/ledger.pdf', { ...f, lang }),
    /** The same ledger as a spreadsheet, its words in `lang`. */
    exportUrl: (format: 'csv' | 'xlsx', f: CarrierFilters, lang: Lang) =>
      hrefOf('/api/carriers/export', { ...f, format, lang }),
  },
  /** Movements decided at once: each answers the carrier as the caller now sees it. */
  movements: {
    lend: (carrierId: string, body: Body<'/api/carriers/{id}/loans', 'post'>) =>
      detail(call(client.POST('/api/carriers/{id}/loans', { ...id(carrierId), body }))),
    returnLoan: (
      carrierId: string,
      loanId: string,
      body: Body<'/api/carriers/{id}/loans/{movementId}/return', 'post'>,
    ) => detail(call(client.POST('/api/carriers/{id}/loans/{movementId}/return', { ...mv(carrierId, loanId), body }))),
    dispatch: (carrierId: string, body: Body<'/api/carriers/{id}/dispatches', 'post'>) =>
      detail(call(client.POST('/api/carriers/{id}/dispatches', { ...id(carrierId), body }))),
    receipt: (
      carrierId: string,
      dispatchId: string,
      body: Body<'/api/carriers/{id}/dispatches/{movementId}/receipt', 'post'>,
    ) =>
      detail(
        call(client.POST('/api/carriers/{id}/dispatches/{movementId}/receipt', { ...mv(carrierId, dispatchId), body })),
      ),
    transmit: (carrierId: string, body: Body<'/api/carriers/{id}/transmissions', 'post'>) =>
      detail(call(client.POST('/api/carriers/{id}/transmissions', { ...id(carrierId), body }))),
    signFor: (
      carrierId: string,
      dispatchId: string,
      body: Body<'/api/carriers/{id}/transmissions/{movementId}/sign', 'post'>,
    ) =>
      detail(
        call(client.POST('/api/carriers/{id}/transmissions/{movementId}/sign', { ...mv(carrierId, dispatchId), body })),
      ),
    circulate: (carrierId: string, body: Body<'/api/carriers/{id}/circulations', 'post'>) =>
      detail(call(client.POST('/api/carriers/{id}/circulations', { ...id(carrierId), body }))),
    signCirculation: (carrierId: string, circulationId: string, version: number) =>
      detailOrGone(
        call(
          client.POST('/api/carriers/{id}/circulations/{movementId}/sign', {
            ...mv(carrierId, circulationId),
            body: { version },
          }),
        ),
      ),
    transfer: (carrierId: string, body: Body<'/api/carriers/{id}/transfer', 'post'>) =>
      detailOrGone(call(client.POST('/api/carriers/{id}/transfer', { ...id(carrierId), body }))),
    depart: (carrierId: string, carryOutId: string, version: number) =>
      detail(
        call(
          client.POST('/api/carriers/{id}/carry-outs/{movementId}/depart', {
            ...mv(carrierId, carryOutId),
            body: { version },
          }),
        ),
      ),
    cancelCarryOut: (carrierId: string, carryOutId: string, version: number) =>
      detail(
        call(
          client.POST('/api/carriers/{id}/carry-outs/{movementId}/cancel', {
            ...mv(carrierId, carryOutId),
            body: { version },
          }),
        ),
      ),
    carryBack: (
      carrierId: string,
      carryOutId: string,
      body: Body<'/api/carriers/{id}/carry-outs/{movementId}/return', 'post'>,
    ) =>
      detail(
        call(client.POST('/api/carriers/{id}/carry-outs/{movementId}/return', { ...mv(carrierId, carryOutId), body })),
      ),
  },
  /** Movements a leader approves: each answers the request submitted, followed on the request page. */
  requests: {
    carryOut: (carrierId: string, body: Body<'/api/carriers/{id}/carry-outs', 'post'>) =>
      call(client.POST('/api/carriers/{id}/carry-outs', { ...id(carrierId), body })),
    archive: (carrierId: string, body: Body<'/api/carriers/{id}/archive-request', 'post'>) =>
      call(client.POST('/api/carriers/{id}/archive-request', { ...id(carrierId), body })),
    showOutside: (carrierId: string, body: Body<'/api/carriers/{id}/show-outside', 'post'>) =>
      call(client.POST('/api/carriers/{id}/show-outside', { ...id(carrierId), body })),
    extendLoan: (
      carrierId: string,
      loanId: string,
      body: Body<'/api/carriers/{id}/loans/{movementId}/extension', 'post'>,
    ) => call(client.POST('/api/carriers/{id}/loans/{movementId}/extension', { ...mv(carrierId, loanId), body })),
  },
  locations: {
    list: () => call(client.GET('/api/storage-locations')),
    create: (body: LocationBody) => call(client.POST('/api/storage-locations', { body })),
    update: (locationId: string, body: LocationUpdateBody) =>
      call(client.PUT('/api/storage-locations/{id}', { ...id(locationId), body })),
  },
  handlers: {
    list: (departmentId?: string) => call(client.GET('/api/carrier-handlers', { params: { query: { departmentId } } })),
    mine: () => call(client.GET('/api/carrier-handlers/mine')),
    assign: (departmentId: string, body: HandlerDutyBody) =>
      call(client.POST('/api/departments/{id}/carrier-handlers', { ...id(departmentId), body })),
    remove: (departmentId: string, userId: string, duty: HandlerDutyBody['duty']) =>
      call(
        client.DELETE('/api/departments/{id}/carrier-handlers/{userId}/{duty}', {
          params: { path: { id: departmentId, userId, duty } },
        }),
      ),
  },
  settings: {
    get: () => call(client.GET('/api/carrier-settings')),
    save: (body: Body<'/api/carrier-settings', 'put'>) => call(client.PUT('/api/carrier-settings', { body })),
  },
};
