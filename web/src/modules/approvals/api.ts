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
  uploadFile,
} from '../../app/api/client.js';

import type { paths } from '../../app/api/schema.js';

type EvidencePath = paths['/api/requests/{id}/paper-evidence']['post'];
export type EvidenceAnswer = EvidencePath['responses'][201]['content']['application/json'];

/**
 * Uploads the scan of a paper decision as its raw bytes (PDF, PNG or JPEG, declared by the file's own type),
 * telling `onProgress` the percentage sent: XMLHttpRequest, as fetch reports no upload progress.
 */
async function uploadEvidence(requestId: string, file: File, onProgress: (percent: number) => void) {
  return uploadFile<EvidenceAnswer>(
    'POST',
    `/api/requests/${encodeURIComponent(requestId)}/paper-evidence`,
    file,
    onProgress,
  );
}

export const api = {
  requests: {
    list: (query: Query<'/api/requests'>) => call(client.GET('/api/requests', { params: { query } })),
    counts: () => call(client.GET('/api/requests/counts', { ...BACKGROUND })),
    get: (requestId: string) => call(client.GET('/api/requests/{id}', id(requestId))),
    /** The approval form (审批表) as a marked PDF (GET /api/requests/{id}/print), its own words in `lang`. */
    printUrl: (requestId: string, lang: 'zh-CN' | 'en-US') =>
      `/api/requests/${encodeURIComponent(requestId)}/print?lang=${lang}`,
    decide: (requestId: string, body: Body<'/api/requests/{id}/decide', 'post'>) =>
      call(client.POST('/api/requests/{id}/decide', { ...id(requestId), body })),
    withdraw: (requestId: string, version: number) =>
      call(client.POST('/api/requests/{id}/withdraw', { ...id(requestId), body: { version } })),
    uploadEvidence,
    recordPaper: (requestId: string, body: Body<'/api/requests/{id}/record-paper', 'post'>) =>
      call(client.POST('/api/requests/{id}/record-paper', { ...id(requestId), body })),
    /** The scan of a recorded decision, which the browser opens itself. */
    evidenceHref: (requestId: string, evidenceId: string) =>
      `/api/requests/${encodeURIComponent(requestId)}/paper-evidence/${encodeURIComponent(evidenceId)}`,
  },
  chains: {
    get: () => call(client.GET('/api/approval-chains')),
    save: (body: Body<'/api/approval-chains', 'put'>) => call(client.PUT('/api/approval-chains', { body })),
  },
};
