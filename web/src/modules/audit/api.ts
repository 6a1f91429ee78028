/** Audit's calls on the typed client (app/api): paths, queries and answers checked against the server's contracts. */
import { api as client, call, hrefOf, type QueryOf } from '../../app/api/client.js';

/** The trail's filters, shared by the list and the export. */
export type AuditFilters = Omit<QueryOf<'/api/audit/export'>, 'format'>;

export const api = {
  audit: {
    list: (query: QueryOf<'/api/audit/events'>) => call(client.GET('/api/audit/events', { params: { query } })),
    exportUrl: (format: 'csv' | 'xlsx', f: AuditFilters) => hrefOf('/api/audit/export', { format, ...f }),
    verify: () => call(client.POST('/api/audit/verify')),
  },
};
