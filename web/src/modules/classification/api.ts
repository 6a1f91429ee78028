/**
 * Classification's calls (catalogue, access requests, grants, reviews, settings; the approval pages' calls are
 * the approvals module's) on the typed client (app/api): each path, parameter, body and answer is checked
 * against the types generated from the server's contracts.
 */
import {
  BACKGROUND,
  api as client,
  byId as id,
  call,
  hrefOf,
  type BodyOf as Body,
  type QueryOf as Query,
} from '../../app/api/client.js';
import type { ItemDetail } from '../../app/contracts.js';

export type ItemQuery = Query<'/api/items'>;
export type ItemFilters = Query<'/api/items/count'>;
/** `active` is a boolean here; the query carries it as text. */
export type GrantQuery = Omit<Query<'/api/grants'>, 'active'> & { active?: boolean };

export const api = {
  /** The directory the pickers and the scope editor read (identity's endpoints, typed the same way). */
  directory: {
    departments: () => call(client.GET('/api/departments')),
    users: (query: Query<'/api/users'>) => call(client.GET('/api/users', { params: { query } })),
    eligible: (query: Query<'/api/users/eligible'>) => call(client.GET('/api/users/eligible', { params: { query } })),
  },
  classification: {
    settings: () => call(client.GET('/api/classification/settings')),
    savePolicy: (version: number, policy: Body<'/api/classification/policy', 'put'>['policy']) =>
      call(client.PUT('/api/classification/policy', { body: { version, policy } })),
  },
  classifiers: {
    list: () => call(client.GET('/api/classifiers')),
    appoint: (body: Body<'/api/classifiers', 'post'>) => call(client.POST('/api/classifiers', { body })),
    revoke: (classifierId: string, version: number) =>
      call(client.POST('/api/classifiers/{id}/revoke', { ...id(classifierId), body: { version } })),
  },
  items: {
    list: (query: ItemQuery) => call(client.GET('/api/items', { params: { query } })),
    count: (query: ItemFilters) => call(client.GET('/api/items/count', { params: { query } })),
    /** The catalogue export in the viewer's language (the list's column names, codes as words). */
    exportUrl: (format: 'csv' | 'xlsx', f: ItemFilters, lang: string) =>
      hrefOf('/api/items/export', { format, lang: lang.startsWith('en') ? 'en-US' : 'zh-CN', ...f }),
    /** The catalogue entry as a marked PDF (GET /api/items/{id}/print), its own words in `lang`. */
    printUrl: (itemId: string, lang: 'zh-CN' | 'en-US') =>
      `/api/items/${encodeURIComponent(itemId)}/print?lang=${lang}`,
    propose: (body: Body<'/api/items', 'post'>) => call(client.POST('/api/items', { body })),
    // The contract types `abilities` by the policy's item actions; OpenAPI only says "string keys".
    get: (itemId: string) => call(client.GET('/api/items/{id}', id(itemId))).then((item) => item as ItemDetail),
    /** Whether a request or emergency access could succeed on an item one may not see (nothing is recorded). */
    accessOptions: (itemId: string) => call(client.GET('/api/items/{id}/access-options', id(itemId))),
    update: (itemId: string, body: Body<'/api/items/{id}', 'patch'>) =>
      call(client.PATCH('/api/items/{id}', { ...id(itemId), body })),
    content: (itemId: string) => call(client.GET('/api/items/{id}/content', id(itemId))),
    history: (itemId: string) => call(client.GET('/api/items/{id}/history', id(itemId))),
    requestChange: (itemId: string, body: Body<'/api/items/{id}/changes', 'post'>) =>
      call(client.POST('/api/items/{id}/changes', { ...id(itemId), body })),
    transferCustody: (itemId: string, body: Body<'/api/items/{id}/custody', 'post'>) =>
      call(client.POST('/api/items/{id}/custody', { ...id(itemId), body })),
    emergencyAccess: (itemId: string, reason: string) =>
      call(client.POST('/api/items/{id}/emergency-access', { ...id(itemId), body: { reason } })),
    emergencyAccessByNumber: (itemNumber: string, reason: string) =>
      call(client.POST('/api/emergency-access', { body: { itemNumber, reason } })),
  },
  requests: {
    askAccess: (body: Body<'/api/access-requests', 'post'>) => call(client.POST('/api/access-requests', { body })),
  },
  grants: {
    list: ({ active, ...query }: GrantQuery) =>
      call(
        client.GET('/api/grants', {
          params: { query: { ...query, active: active === undefined ? undefined : active ? 'true' : 'false' } },
        }),
      ),
    revoke: (grantId: string, version: number, reason: string) =>
      call(client.POST('/api/grants/{id}/revoke', { ...id(grantId), body: { version, reason } })),
    review: (grantId: string, body: Body<'/api/grants/{id}/review', 'post'>) =>
      call(client.POST('/api/grants/{id}/review', { ...id(grantId), body })),
  },
  reviews: {
    campaigns: () => call(client.GET('/api/review-campaigns')),
    createCampaign: (body: Body<'/api/review-campaigns', 'post'>) =>
      call(client.POST('/api/review-campaigns', { body })),
    closeCampaign: (campaignId: string) =>
      call(client.POST('/api/review-campaigns/{id}/close', { ...id(campaignId), body: {} })),
    tasks: (query: Query<'/api/review-tasks'>) => call(client.GET('/api/review-tasks', { params: { query } })),
    count: () => call(client.GET('/api/review-tasks/count', { ...BACKGROUND })),
    task: (taskId: string) => call(client.GET('/api/review-tasks/{id}', id(taskId))),
    decide: (taskId: string, body: Body<'/api/review-tasks/{id}/decide', 'post'>) =>
      call(client.POST('/api/review-tasks/{id}/decide', { ...id(taskId), body })),
  },
};
