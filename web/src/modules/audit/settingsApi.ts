/** The audit settings' calls on the typed client (whose events the auditor reads, the 三员 split). */
import { api as client, call, type BodyOf } from '../../app/api/client.js';

export type AuditSettingsUpdate = BodyOf<'/api/audit/settings', 'put'>;

export const settingsApi = {
  get: () => call(client.GET('/api/audit/settings')),
  save: (body: AuditSettingsUpdate) => call(client.PUT('/api/audit/settings', { body })),
};
