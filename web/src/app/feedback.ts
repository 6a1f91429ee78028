import type { App } from 'antd';
import i18n, { namespaceOf } from './i18n/index.js';
import { isApiError } from './api/client.js';

type AppApi = ReturnType<typeof App.useApp>;

/** antd's message/notification/modal bound to the ConfigProvider (set by <FeedbackBridge/> in App). */
export const feedback: { current: AppApi | null } = { current: null };

/** The `details.problem` of a classification error (e.g. `period_exceeds_maximum`), if any. */
export function problemOf(e: unknown): string | null {
  if (!isApiError(e) || !e.details || typeof e.details !== 'object') return null;
  const p = (e.details as { problem?: unknown }).problem;
  return typeof p === 'string' ? p : null;
}

/**
 * An approver group's name, from whichever namespace words it (the organisation's groups are the approvals
 * module's, a target's groups the module's defining it); a functional role (`role:<code>`) shows its code.
 */
function groupName(group: string): string {
  const key = `approverGroup.${group}`;
  const ns = namespaceOf(key);
  return ns ? i18n.t(`${ns}:${key}`) : group;
}

/** Parameters a problem text may use: the details as sent, plus a 1-based step and the approver group's name. */
function problemParams(details: unknown): Record<string, unknown> {
  const d = (details ?? {}) as Record<string, unknown>;
  return {
    ...d,
    stepNo: typeof d.step === 'number' ? d.step + 1 : '',
    groupName: typeof d.group === 'string' ? groupName(d.group) : '',
  };
}

/** The namespace (a module's) whose `problem` block names this problem, if one does. */
function problemNamespace(problem: string | null): string | undefined {
  return problem ? namespaceOf(`problem.${problem}`) : undefined;
}

/**
 * The localized text for an error: `problem.<details.problem>` when the server named a problem a module knows
 * (in that module's namespace), otherwise `error.<code>`, falling back to the server's message.
 */
export function errorText(e: unknown): string {
  if (isApiError(e)) {
    const problem = problemOf(e);
    const ns = problemNamespace(problem);
    if (problem && ns) {
      const text = i18n.t(`${ns}:problem.${problem}`, problemParams(e.details));
      // A rule that held when the request was made fails as it would take effect: say so, and what to do.
      return (e.details as { since?: unknown }).since === 'submission'
        ? i18n.t(`${ns}:problem.sinceSubmission`, { reason: text })
        : text;
    }
    const key = `error.${e.code}`;
    return i18n.exists(key) ? i18n.t(key) : e.message || i18n.t('error.unknown');
  }
  return i18n.t('error.unknown');
}

/** Extra lines for a validation error: the fields the server named, if it named any. */
function detailLines(e: unknown): string[] {
  if (!isApiError(e) || e.code !== 'validation_failed' || !e.details) return [];
  if (problemNamespace(problemOf(e))) return [];
  const field = (e.details as { field?: unknown }).field;
  if (typeof field === 'string') return [`${field}: ${e.message}`];
  const d = e.details as { issues?: unknown } | unknown[];
  const issues = Array.isArray(d)
    ? d
    : Array.isArray((d as { issues?: unknown }).issues)
      ? (d as { issues: unknown[] }).issues
      : [];
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
