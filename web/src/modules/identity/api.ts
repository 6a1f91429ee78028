/**
 * Identity's calls on the typed client: each path, parameter, body and answer is checked against the types
 * generated from the server's contracts (app/api/schema.d.ts); nothing here restates a shape.
 */
import { api as client, byId as id, call, type BodyOf as Body, type QueryOf as Query } from '../../app/api/client.js';

export type UserQuery = Query<'/api/users'>;
export type UserAction = 'disable' | 'enable' | 'unlock' | 'reset-mfa';

export const api = {
  auth: {
    login: (username: string, password: string) =>
      call(client.POST('/api/auth/login', { body: { username, password } }), { noRedirect: true }),
    mfaVerify: (code: string) => call(client.POST('/api/auth/mfa/verify', { body: { code } })),
    enrolStart: () => call(client.POST('/api/auth/mfa/enrol/start')),
    enrolConfirm: (code: string) => call(client.POST('/api/auth/mfa/enrol/confirm', { body: { code } })),
    changePassword: (currentPassword: string, newPassword: string) =>
      call(client.POST('/api/auth/password', { body: { currentPassword, newPassword } })),
    passwordRules: () => call(client.GET('/api/auth/password-rules')),
  },
  me: {
    update: (body: Body<'/api/me', 'patch'>) => call(client.PATCH('/api/me', { body })),
    sessions: () => call(client.GET('/api/me/sessions')),
    revokeSession: (sessionId: string) => call(client.DELETE('/api/me/sessions/{id}', id(sessionId))),
  },
  departments: {
    list: () => call(client.GET('/api/departments')),
    create: (body: Body<'/api/departments', 'post'>) => call(client.POST('/api/departments', { body })),
    update: (deptId: string, body: Body<'/api/departments/{id}', 'patch'>) =>
      call(client.PATCH('/api/departments/{id}', { ...id(deptId), body })),
    remove: (deptId: string, version: number) =>
      call(client.DELETE('/api/departments/{id}', { params: { path: { id: deptId }, query: { version } } })),
  },
  users: {
    list: (query: UserQuery) => call(client.GET('/api/users', { params: { query } })),
    get: (userId: string) => call(client.GET('/api/users/{id}', id(userId))),
    create: (body: Body<'/api/users', 'post'>) => call(client.POST('/api/users', { body })),
    update: (userId: string, body: Body<'/api/users/{id}', 'patch'>) =>
      call(client.PATCH('/api/users/{id}', { ...id(userId), body })),
    updateSecurity: (userId: string, body: Body<'/api/users/{id}/security', 'patch'>) =>
      call(client.PATCH('/api/users/{id}/security', { ...id(userId), body })),
    action: (userId: string, action: UserAction, version: number) =>
      call(client.POST(`/api/users/{id}/${action}`, { ...id(userId), body: { version } })),
    depart: (userId: string, version: number, separationMonths: number) =>
      call(client.POST('/api/users/{id}/depart', { ...id(userId), body: { version, separationMonths } })),
    resetPassword: (userId: string, version: number) =>
      call(client.POST('/api/users/{id}/reset-password', { ...id(userId), body: { version } })),
    holdings: (userId: string) => call(client.GET('/api/users/{id}/holdings', id(userId))),
    handOver: (userId: string, body: Body<'/api/users/{id}/hand-over', 'post'>) =>
      call(client.POST('/api/users/{id}/hand-over', { ...id(userId), body })),
  },
  roles: { list: () => call(client.GET('/api/roles')) },
  organisation: {
    roles: () => call(client.GET('/api/organisation/roles')),
    setLeaderInCharge: (deptId: string, version: number, userId: string | null) =>
      call(client.PUT('/api/departments/{id}/leader-in-charge', { ...id(deptId), body: { version, userId } })),
    setGeneralManager: (version: number, userId: string | null) =>
      call(client.PUT('/api/organisation/general-manager', { body: { version, userId } })),
    createRole: (body: Body<'/api/organisation/functional-roles', 'post'>) =>
      call(client.POST('/api/organisation/functional-roles', { body })),
    updateRole: (code: string, body: Body<'/api/organisation/functional-roles/{code}', 'patch'>) =>
      call(client.PATCH('/api/organisation/functional-roles/{code}', { params: { path: { code } }, body })),
    deleteRole: (code: string, version: number) =>
      call(
        client.DELETE('/api/organisation/functional-roles/{code}', { params: { path: { code }, query: { version } } }),
      ),
    addMember: (code: string, version: number, userId: string) =>
      call(
        client.POST('/api/organisation/functional-roles/{code}/members', {
          params: { path: { code } },
          body: { version, userId },
        }),
      ),
    removeMember: (code: string, version: number, userId: string) =>
      call(
        client.DELETE('/api/organisation/functional-roles/{code}/members/{userId}', {
          params: { path: { code, userId }, query: { version } },
        }),
      ),
  },
  settings: {
    accountPolicy: () => call(client.GET('/api/settings/account-policy')),
    saveAccountPolicy: (version: number, policy: Body<'/api/settings/account-policy', 'put'>['policy']) =>
      call(client.PUT('/api/settings/account-policy', { body: { version, policy } })),
  },
};
