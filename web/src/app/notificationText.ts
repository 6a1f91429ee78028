import type { TFunction } from 'i18next';
import { fmtDate } from './format.js';
import { namespaceOf } from './i18n/index.js';

/** Parameters that name a code (request type, level...) also get its translated name, e.g. `type` -> `typeName`. */
const NAMED: Record<string, string> = {
  type: 'requestType',
  status: 'requestStatus',
  reason: 'declassifyReason',
  level: 'level',
  kind: 'reviewKind',
  cause: 'requestEndCause',
};

/**
 * Notifications from the server carry an i18n key as title (`notify.*`, in the namespace of the module that
 * sends them) and their parameters as JSON body, so each reader sees them in their own language. Plain-text
 * notifications pass through unchanged.
 */
export function notificationText(n: { title: string; body: string }, t: TFunction): { title: string; body: string } {
  if (!n.title.startsWith('notify.')) return n;
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(n.body) as Record<string, unknown>;
  } catch {
    return n;
  }
  const p: Record<string, string> = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      v === null || v === undefined
        ? '—'
        : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
          ? fmtDate(v)
          : String(v),
    ]),
  );
  const ns = namespaceOf(`${n.title}.title`);
  const key = ns ? `${ns}:${n.title}` : n.title;
  for (const [k, group] of Object.entries(NAMED)) {
    const v = p[k];
    if (v !== undefined) p[`${k}Name`] = t(ns ? `${ns}:${group}.${v}` : `${group}.${v}`, { defaultValue: v });
  }
  return { title: t(`${key}.title`, p), body: t(`${key}.body`, p) };
}
