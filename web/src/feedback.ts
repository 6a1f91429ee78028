import type { App } from 'antd';
import i18n from './i18n/index.js';
import { isApiError } from './api.js';

type AppApi = ReturnType<typeof App.useApp>;

/** antd's message/notification/modal bound to the ConfigProvider (set by <FeedbackBridge/> in App). */
export const feedback: { current: AppApi | null } = { current: null };

/** The localized text for an error: `error.<code>`, falling back to the server's message. */
export function errorText(e: unknown): string {
  if (isApiError(e)) {
    const key = `error.${e.code}`;
    return i18n.exists(key) ? i18n.t(key) : e.message || i18n.t('error.unknown');
  }
  return i18n.t('error.unknown');
}

/** Extra lines for a validation error: the fields the server named, if it named any. */
function detailLines(e: unknown): string[] {
  if (!isApiError(e) || e.code !== 'validation_failed' || !e.details) return [];
  const d = e.details as { issues?: unknown } | unknown[];
  const issues = Array.isArray(d) ? d : Array.isArray((d as { issues?: unknown }).issues) ? ((d as { issues: unknown[] }).issues) : [];
  return issues.slice(0, 3).map((i) => {
    const it = i as { path?: unknown; message?: unknown };
    const path = Array.isArray(it.path) ? it.path.join('.') : typeof it.path === 'string' ? it.path : '';
    return `${path ? `${path}: ` : ''}${typeof it.message === 'string' ? it.message : ''}`;
  });
}

export function showError(e: unknown): void {
  if (isApiError(e) && e.status === 401 && (e.code === 'unauthenticated' || e.code === 'session_expired')) return; // handled by redirect
  const text = [errorText(e), ...detailLines(e)].join('; ');
  if (feedback.current) feedback.current.message.error(text);
  else console.error(text);
}

export function showSuccess(text: string): void {
  feedback.current?.message.success(text);
}
