import type { NotificationKey } from '../contracts/notifications.js';
import { dateOf } from '../../kernel/secrecy-period.js';

/**
 * Notifications store an i18n key as title and JSON parameters as body (the web app translates them).
 * An email has no browser to translate it, so known keys are rendered here, in Chinese with English below.
 * Unknown subjects/bodies are sent as they are.
 */
type Params = Record<string, unknown>;

interface Template {
  subject: (p: Params) => string;
  text: (p: Params) => string;
}

const str = (v: unknown) => (v === null || v === undefined ? '-' : String(v));
/** Dates as given: renderEmail has already turned instants into dates of the organisation's time zone. */
const date = str;

/** The notices that are also e-mailed, by their key (typed: a misspelt key does not compile). */
const TEMPLATES: Partial<Record<NotificationKey, Template>> = {
  'notify.passwordExpiring': {
    subject: () => '密码即将过期 / Your password expires soon',
    text: (p) =>
      `您的 Baomi 登录密码将于 ${date(p.expiresAt)} 过期（剩余 ${str(p.daysLeft)} 天），请及时登录并修改密码。\n\n` +
      `Your Baomi password expires on ${date(p.expiresAt)} (${str(p.daysLeft)} days left). Please sign in and change it.`,
  },
  'notify.adminRoleChanged': {
    subject: () => '管理员角色变更 / Administrator role changed',
    text: (p) =>
      `账号 ${str(p.username)} 的管理员角色由 ${str(p.from)} 变更为 ${str(p.to)}。\n\n` +
      `The administrator role of ${str(p.username)} changed from ${str(p.from)} to ${str(p.to)}.`,
  },
  'notify.userDeparted': {
    subject: () => '人员离岗 / A person has departed',
    text: (p) =>
      `${str(p.username)} 已办理离岗，脱密期至 ${date(p.separationUntil)}。\n\n` +
      `${str(p.username)} has departed; separation period until ${date(p.separationUntil)}.`,
  },
  'notify.approvalPending': {
    subject: (p) => `待审批：${str(p.number)} / Approval needed: ${str(p.number)}`,
    text: (p) =>
      `申请 ${str(p.number)}（${TYPE_ZH[str(p.type)] ?? str(p.type)}）等待您审批，请登录 Baomi 处理。\n\n` +
      `Request ${str(p.number)} (${str(p.type)}) is waiting for your approval. Please sign in to Baomi to decide.`,
  },
  'notify.emergencyAccess': {
    subject: (p) => `应急访问：${str(p.number)} / Emergency access: ${str(p.number)}`,
    text: (p) =>
      `${str(p.username)} 对保密事项 ${str(p.number)} 启用了应急访问（${str(p.hours)} 小时），请事后审查。\n\n` +
      `${str(p.username)} used emergency access to secret item ${str(p.number)} (${str(p.hours)} hours). Please review it.`,
  },
  'notify.reviewAssigned': {
    subject: (p) => `审查任务：${str(p.title)} / Review assigned: ${str(p.title)}`,
    text: (p) =>
      `您有新的${p.kind === 'access' ? '访问审查' : '年度审查'}任务（${str(p.title)}），请于 ${date(p.dueOn)} 前完成。\n\n` +
      `You have ${p.kind === 'access' ? 'access' : 'annual'} review tasks (${str(p.title)}) due by ${date(p.dueOn)}.`,
  },
};

/** Request types in Chinese for the approval email (the web translates them itself). */
const TYPE_ZH: Record<string, string> = {
  classify: '定密',
  reclassify: '密级变更',
  extend: '延期',
  declassify: '解密',
  rescope: '知悉范围扩大',
  access_grant: '知悉授权',
};

/** An ISO instant (`2026-03-06T08:00:00.000Z`), as the notifications store them. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;

/** Renders a notification as an email; instants in it are shown as dates of the organisation's time zone. */
export function renderEmail(subject: string, body: string, timeZone: string): { subject: string; text: string } {
  const t = TEMPLATES[subject as NotificationKey];
  if (!t) return { subject, text: body };
  let params: Params = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      params = Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [
          k,
          typeof v === 'string' && INSTANT.test(v) ? dateOf(new Date(v), timeZone) : v,
        ]),
      );
    }
  } catch {
    return { subject: t.subject({}), text: body };
  }
  return { subject: t.subject(params), text: t.text(params) };
}
