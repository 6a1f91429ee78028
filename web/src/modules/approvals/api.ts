/**
 * The approval engine's calls (requests of every module's types, the inbox counts, the approval chains) on the
 * typed client (app/api): each path, parameter, body and answer is checked against the generated types.
 */
import {
  BACKGROUND,
  api as client,
  byId as id,
  call,
  type BodyOf as Body,
  type QueryOf as Query,
} from '../../app/api/client.js';

export const api = {
  requests: {
    list: (query: Query<'/api/requests'>) => call(client.GET('/api/requests', { params: { query } })),
    counts: () => call(client.GET('/api/requests/counts', { ...BACKGROUND })),
    get: (requestId: string) => call(client.GET('/api/requests/{id}', id(requestId))),
    decide: (requestId: string, body: Body<'/api/requests/{id}/decide', 'post'>) =>
      call(client.POST('/api/requests/{id}/decide', { ...id(requestId), body })),
    withdraw: (requestId: string, version: number) =>
      call(client.POST('/api/requests/{id}/withdraw', { ...id(requestId), body: { version } })),
  },
  chains: {
    get: () => call(client.GET('/api/approval-chains')),
    save: (body: Body<'/api/approval-chains', 'put'>) => call(client.PUT('/api/approval-chains', { body })),
  },
};
