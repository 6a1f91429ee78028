/** Audit's calls on the typed client (app/api): paths, queries and answers checked against the server's contracts. */
import { api as client, call, hrefOf, type QueryOf } from '../../app/api/client.js';

/** The trail's filters, shared by the list and the export. */
export type AuditFilters = Omit<QueryOf<'/api/audit/export'>, 'format' | 'lang'>;
export type AuditLang = 'zh-CN' | 'en-US';

export const api = {
  audit: {
    list: (query: QueryOf<'/api/audit/events'>) => call(client.GET('/api/audit/events', { params: { query } })),
    /** The export in the viewer's language (its headers, names and words; the codes in extra columns). */
    exportUrl: (format: 'csv' | 'xlsx', f: AuditFilters, lang: AuditLang) =>
      hrefOf('/api/audit/export', { format, lang, ...f }),
    /** The action dictionary (every typed action by group, target type names, the organisation's time zone). */
    dictionary: () => call(client.GET('/api/audit/actions')),
    /** The whole chain, the archive's segments included (the server reads them from its archive directory). */
    verify: () => call(client.POST('/api/audit/verify', { params: { query: { withArchive: 'true' } } })),
    /** The archive's segments (events moved out of the live trail by the retention), oldest first. */
    segments: () => call(client.GET('/api/audit/archive/segments')),
    /** One segment's events, filtered and paged as the live trail. */
    segmentEvents: (id: string, query: QueryOf<'/api/audit/archive/segments/{id}/events'>) =>
      call(client.GET('/api/audit/archive/segments/{id}/events', { params: { path: { id }, query } })),
  },
};
