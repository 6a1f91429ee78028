/** The shell's own calls (who am I, sign out, language, the notification inbox) on the typed client. */
import type { MeResponse } from '../contracts.js';
import { BACKGROUND, api as client, byId, call, type BodyOf } from './client.js';

export const api = {
  auth: {
    // The contract types `abilities` by the policy's action names; OpenAPI only says "string keys".
    me: () => call(client.GET('/api/auth/me'), { noRedirect: true }).then((me) => me as MeResponse),
    logout: () => call(client.POST('/api/auth/logout'), { noRedirect: true }),
  },
  me: { update: (body: BodyOf<'/api/me', 'patch'>) => call(client.PATCH('/api/me', { body })) },
  notifications: {
    list: (q: { page: number; pageSize: number; unread?: boolean }) =>
      call(
        client.GET('/api/notifications', {
          params: { query: { page: q.page, pageSize: q.pageSize, unread: q.unread ? 'true' : undefined } },
        }),
      ),
    unreadCount: () => call(client.GET('/api/notifications/unread-count', { ...BACKGROUND })),
    markRead: (id: string) => call(client.POST('/api/notifications/{id}/read', byId(id))),
    markSelectedRead: (ids: string[]) => call(client.POST('/api/notifications/read', { body: { ids } })),
    markAllRead: () => call(client.POST('/api/notifications/read-all')),
  },
  workbench: () => call(client.GET('/api/workbench', { ...BACKGROUND })),
};
