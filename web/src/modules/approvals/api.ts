/**
 * The approval engine's calls (requests of every module's types, the inbox counts, the approval chains) on the
 * typed client (app/api): each path, parameter, body and answer is checked against the generated types.
 */
import {
  ApiError,
  BACKGROUND,
  api as client,
  byId as id,
  call,
  fetchCsrf,
  type BodyOf as Body,
  type QueryOf as Query,
} from '../../app/api/client.js';
import type { ErrorCode } from '../../app/contracts.js';
import type { paths } from '../../app/api/schema.js';

type EvidencePath = paths['/api/requests/{id}/paper-evidence']['post'];
export type EvidenceAnswer = EvidencePath['responses'][201]['content']['application/json'];

/**
 * Uploads the scan of a paper decision as its raw bytes (PDF, PNG or JPEG, declared by the file's own type),
 * telling `onProgress` the percentage sent: XMLHttpRequest, as fetch reports no upload progress.
 */
async function uploadEvidence(requestId: string, file: File, onProgress: (percent: number) => void) {
  const token = await fetchCsrf();
  return new Promise<EvidenceAnswer>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/requests/${encodeURIComponent(requestId)}/paper-evidence`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: answered below by its status */
      }
      if (xhr.status === 201) return resolve(body as EvidenceAnswer);
      const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(
        new ApiError(xhr.status, (err?.code ?? 'unknown') as ErrorCode, err?.message ?? xhr.statusText, err?.details),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed'));
    xhr.send(file);
  });
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
