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
const date = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v.slice(0, 10) : str(v));

const TEMPLATES: Record<string, Template> = {
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
};

export function renderEmail(subject: string, body: string): { subject: string; text: string } {
  const t = TEMPLATES[subject];
  if (!t) return { subject, text: body };
  let params: Params = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') params = parsed as Params;
  } catch {
    return { subject: t.subject({}), text: body };
  }
  return { subject: t.subject(params), text: t.text(params) };
}
