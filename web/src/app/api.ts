import type {
  AccessRequestBody,
  AccountPolicy,
  AccountPolicyResponse,
  AuditPage,
  AuditVerifyResult,
  Campaign,
  ChainPolicy,
  ClassificationPolicy,
  ClassificationSettings,
  Classifier,
  CreateCampaignBody,
  CreateClassifierBody,
  CreateUserBody,
  CreateUserResponse,
  DecideReviewBody,
  Department,
  EnrolStart,
  ErrorCode,
  Grant,
  GrantPage,
  GrantView,
  HistoryEntry,
  ItemChangeBody,
  ItemCategory,
  ItemDetail,
  ItemPage,
  ItemSort,
  ItemStatus,
  Level,
  MeResponse,
  NotificationPage,
  ProposeItemBody,
  RequestBox,
  RequestCounts,
  RequestDetail,
  RequestPage,
  RequestStatus,
  RequestType,
  ReviewTask,
  ReviewTaskDetail,
  ReviewTaskPage,
  RoleInfo,
  SessionItem,
  StageResponse,
  TransferCustodyBody,
  UpdateItemBody,
  UpdateUserBody,
  UpdateUserSecurityBody,
  DirectoryEntry,
  UserPage,
  EligiblePerson,
  EligibleQuery,
} from './contracts.js';

/** An error answered by the API (`{ error: { code, message, details? } }`) or a network failure (`network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | 'unknown',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The CSRF token lives only in memory; it comes from /api/auth/csrf, /api/auth/me and every stage change. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined): void {
  if (token) csrfToken = token;
}

/** Hooks the app installs: where to go when the session is gone. */
export const apiHooks: { onUnauthenticated?: (code: 'unauthenticated' | 'session_expired') => void } = {};

type Query = Record<string, string | number | boolean | null | undefined>;
interface Options {
  body?: unknown;
  query?: Query;
  /** A poll that must not keep an idle session alive. */
  background?: boolean;
  /** Do not redirect to sign-in on 401 (used by the "who am I" probe). */
  noRedirect?: boolean;
}

export function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function ensureCsrf(): Promise<void> {
  if (!csrfToken) await fetchCsrf();
}

export async function fetchCsrf(): Promise<string> {
  const r = await request<{ csrfToken: string }>('GET', '/api/auth/csrf', { noRedirect: true });
  setCsrfToken(r.csrfToken);
  return r.csrfToken;
}

export async function request<T>(method: string, path: string, opts: Options = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    if (path !== '/api/auth/csrf') await ensureCsrf();
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.background) headers['x-baomi-background'] = '1';
  let res: Response;
  try {
    res = await fetch(path + queryString(opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const code = (err?.code ?? (res.status === 401 ? 'unauthenticated' : 'unknown')) as ApiError['code'];
    const apiErr = new ApiError(res.status, code, err?.message ?? res.statusText, err?.details);
    if (res.status === 401 && (code === 'unauthenticated' || code === 'session_expired') && !opts.noRedirect) {
      apiHooks.onUnauthenticated?.(code);
    }
    throw apiErr;
  }
  const token = (data as { csrfToken?: unknown } | undefined)?.csrfToken;
  if (typeof token === 'string') setCsrfToken(token);
  return data as T;
}

const get = <T>(path: string, query?: Query, extra?: Omit<Options, 'query'>) =>
  request<T>('GET', path, { ...extra, query });
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body === undefined ? {} : { body });
const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, { body });
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body });
const del = <T>(path: string, query?: Query) => request<T>('DELETE', path, { query });
const enc = encodeURIComponent;

export type AuditFilters = {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  target?: string;
  result?: string;
};
export type UserQuery = {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
  q?: string;
  departmentId?: string;
  status?: string;
};
export type ItemFilters = {
  q?: string;
  level?: Level;
  category?: ItemCategory;
  status?: ItemStatus;
  custodianId?: string;
};
export type ItemQuery = ItemFilters & { sort?: ItemSort; order?: 'asc' | 'desc'; limit?: number; cursor?: string };
export type RequestQuery = {
  box: RequestBox;
  status?: RequestStatus;
  type?: RequestType;
  page: number;
  pageSize: number;
};
export type GrantQuery = { view: GrantView; active?: boolean; itemId?: string; page: number; pageSize: number };
export type ReviewTaskQuery = { status?: 'pending' | 'done'; campaignId?: string; page: number; pageSize: number };
const boolParam = (b: boolean | undefined) => (b === undefined ? undefined : String(b));

export const api = {
  auth: {
    me: () => get<MeResponse>('/api/auth/me', undefined, { noRedirect: true }),
    login: (username: string, password: string) =>
      request<StageResponse>('POST', '/api/auth/login', { body: { username, password }, noRedirect: true }),
    mfaVerify: (code: string) => post<StageResponse>('/api/auth/mfa/verify', { code }),
    enrolStart: () => post<EnrolStart>('/api/auth/mfa/enrol/start'),
    enrolConfirm: (code: string) => post<StageResponse>('/api/auth/mfa/enrol/confirm', { code }),
    changePassword: (currentPassword: string, newPassword: string) =>
      post<StageResponse>('/api/auth/password', { currentPassword, newPassword }),
    logout: () => request<unknown>('POST', '/api/auth/logout', { noRedirect: true }),
  },
  me: {
    update: (body: { email?: string | null; locale?: 'zh-CN' | 'en-US' }) => patch<unknown>('/api/me', body),
    sessions: () => get<{ items: SessionItem[] }>('/api/me/sessions'),
    revokeSession: (id: string) => del<unknown>(`/api/me/sessions/${enc(id)}`),
  },
  departments: {
    list: () => get<{ items: Department[] }>('/api/departments'),
    create: (body: { name: string; parentId: string | null; code?: string | null; sortOrder?: number }) =>
      post<Department>('/api/departments', body),
    update: (
      id: string,
      body: { version: number; name?: string; parentId?: string | null; code?: string | null; sortOrder?: number },
    ) => patch<Department>(`/api/departments/${enc(id)}`, body),
    remove: (id: string, version: number) => del<unknown>(`/api/departments/${enc(id)}`, { version }),
  },
  users: {
    list: (q: UserQuery) => get<UserPage>('/api/users', q),
    eligible: (q: EligibleQuery) => get<{ items: EligiblePerson[] }>('/api/users/eligible', q),
    get: (id: string) => get<DirectoryEntry>(`/api/users/${enc(id)}`),
    create: (body: CreateUserBody) => post<CreateUserResponse>('/api/users', body),
    update: (id: string, body: UpdateUserBody) => patch<DirectoryEntry>(`/api/users/${enc(id)}`, body),
    updateSecurity: (id: string, body: UpdateUserSecurityBody) =>
      patch<DirectoryEntry>(`/api/users/${enc(id)}/security`, body),
    action: (id: string, action: 'disable' | 'enable' | 'unlock' | 'reset-mfa', version: number) =>
      post<unknown>(`/api/users/${enc(id)}/${action}`, { version }),
    depart: (id: string, version: number, separationMonths: number) =>
      post<unknown>(`/api/users/${enc(id)}/depart`, { version, separationMonths }),
    resetPassword: (id: string, version: number) =>
      post<{ oneTimePassword: string }>(`/api/users/${enc(id)}/reset-password`, { version }),
  },
  roles: { list: () => get<{ items: RoleInfo[] }>('/api/roles') },
  settings: {
    accountPolicy: (quiet = false) =>
      get<AccountPolicyResponse>('/api/settings/account-policy', undefined, { noRedirect: quiet }),
    saveAccountPolicy: (version: number, policy: AccountPolicy) =>
      put<AccountPolicyResponse>('/api/settings/account-policy', { version, policy }),
  },
  audit: {
    list: (q: AuditFilters & { page: number; pageSize: number }) => get<AuditPage>('/api/audit/events', q),
    exportUrl: (format: 'csv' | 'xlsx', f: AuditFilters) => `/api/audit/export${queryString({ format, ...f })}`,
    verify: () => post<AuditVerifyResult>('/api/audit/verify'),
  },
  notifications: {
    list: (q: { page: number; pageSize: number; unread?: boolean }) =>
      get<NotificationPage>('/api/notifications', {
        page: q.page,
        pageSize: q.pageSize,
        unread: q.unread ? 'true' : undefined,
      }),
    unreadCount: () => get<{ unread: number }>('/api/notifications/unread-count', undefined, { background: true }),
    markRead: (id: string) => post<unknown>(`/api/notifications/${enc(id)}/read`),
    markAllRead: () => post<unknown>('/api/notifications/read-all'),
  },
  classification: {
    settings: () => get<ClassificationSettings>('/api/classification/settings'),
    savePolicy: (version: number, policy: ClassificationPolicy) =>
      put<ClassificationSettings>('/api/classification/policy', { version, policy }),
    saveChains: (version: number, chains: ChainPolicy) =>
      put<ClassificationSettings>('/api/classification/chains', { version, chains }),
  },
  classifiers: {
    list: () => get<{ items: Classifier[] }>('/api/classifiers'),
    appoint: (body: CreateClassifierBody) => post<Classifier>('/api/classifiers', body),
    revoke: (id: string, version: number) => post<unknown>(`/api/classifiers/${enc(id)}/revoke`, { version }),
  },
  items: {
    list: (q: ItemQuery) => get<ItemPage>('/api/items', q),
    count: (q: ItemFilters) => get<{ total: number }>('/api/items/count', q),
    exportUrl: (format: 'csv' | 'xlsx', f: ItemFilters) => `/api/items/export${queryString({ format, ...f })}`,
    propose: (body: ProposeItemBody) => post<{ item: ItemDetail; requestId: string }>('/api/items', body),
    get: (id: string) => get<ItemDetail>(`/api/items/${enc(id)}`),
    update: (id: string, body: UpdateItemBody) => patch<ItemDetail>(`/api/items/${enc(id)}`, body),
    content: (id: string) => get<{ id: string; content: string }>(`/api/items/${enc(id)}/content`),
    history: (id: string) => get<{ items: HistoryEntry[] }>(`/api/items/${enc(id)}/history`),
    requestChange: (id: string, body: ItemChangeBody) =>
      post<{ requestId: string }>(`/api/items/${enc(id)}/changes`, body),
    transferCustody: (id: string, body: TransferCustodyBody) => post<ItemDetail>(`/api/items/${enc(id)}/custody`, body),
    emergencyAccess: (id: string, reason: string) => post<Grant>(`/api/items/${enc(id)}/emergency-access`, { reason }),
    emergencyAccessByNumber: (itemNumber: string, reason: string) =>
      post<Grant>('/api/emergency-access', { itemNumber, reason }),
  },
  requests: {
    list: (q: RequestQuery) => get<RequestPage>('/api/requests', q),
    counts: () => get<RequestCounts>('/api/requests/counts', undefined, { background: true }),
    get: (id: string) => get<RequestDetail>(`/api/requests/${enc(id)}`),
    decide: (id: string, body: { version: number; decision: 'approve' | 'reject'; comment?: string | null }) =>
      post<RequestDetail>(`/api/requests/${enc(id)}/decide`, body),
    withdraw: (id: string, version: number) => post<RequestDetail>(`/api/requests/${enc(id)}/withdraw`, { version }),
    askAccess: (body: AccessRequestBody) => post<{ requestId: string }>('/api/access-requests', body),
  },
  grants: {
    list: (q: GrantQuery) => get<GrantPage>('/api/grants', { ...q, active: boolParam(q.active) }),
    revoke: (id: string, version: number, reason: string) =>
      post<unknown>(`/api/grants/${enc(id)}/revoke`, { version, reason }),
    review: (id: string, body: { version: number; verdict: 'justified' | 'unjustified'; note?: string | null }) =>
      post<unknown>(`/api/grants/${enc(id)}/review`, body),
  },
  reviews: {
    campaigns: () => get<{ items: Campaign[] }>('/api/review-campaigns'),
    createCampaign: (body: CreateCampaignBody) => post<{ id: string; tasks: number }>('/api/review-campaigns', body),
    closeCampaign: (id: string) => post<unknown>(`/api/review-campaigns/${enc(id)}/close`),
    tasks: (q: ReviewTaskQuery) => get<ReviewTaskPage>('/api/review-tasks', q),
    task: (id: string) => get<ReviewTaskDetail>(`/api/review-tasks/${enc(id)}`),
    decide: (id: string, body: DecideReviewBody) => post<ReviewTask>(`/api/review-tasks/${enc(id)}/decide`, body),
  },
};
