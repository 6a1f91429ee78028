/**
 * The carriers module's calls (the register and its ledgers, storage locations, designated handlers, settings)
 * on the typed client (app/api): each path, parameter, body and answer is checked against the types generated
 * from the server's contracts.
 */
import { api as client, byId as id, call, type BodyOf as Body, type QueryOf as Query } from '../../app/api/client.js';
import type { CarrierDetail } from './contracts.js';

export type CarrierQuery = Query<'/api/carriers'>;
export type CarrierFilters = Query<'/api/carriers/count'>;
export type RegisterBody = Body<'/api/carriers', 'post'>;
export type LocationBody = Body<'/api/storage-locations', 'post'>;
export type LocationUpdateBody = Body<'/api/storage-locations/{id}', 'put'>;
export type HandlerDutyBody = Body<'/api/departments/{id}/carrier-handlers', 'post'>;

// The contract types `abilities` by the policy's carrier actions; OpenAPI only says "string keys".
const detail = (p: Promise<unknown>) => p.then((c) => c as CarrierDetail);

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
