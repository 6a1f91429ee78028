import { renderStored } from '../notifications/catalogue.js';

/**
 * An e-mail has no browser to pick a language, so a notice is mailed in Chinese with English below, from the
 * same catalogue the inbox shows. Plain subjects and bodies are sent as they are.
 */
export function renderEmail(subject: string, body: string, timeZone: string): { subject: string; text: string } {
  const r = renderStored(subject, body, timeZone);
  const zh = r['zh-CN'];
  const en = r['en-US'];
  if (zh.title === en.title && zh.body === en.body) return { subject: zh.title, text: zh.body };
  return {
    subject: `${zh.title} / ${en.title}`,
    text: `${zh.body}\n请登录 Baomi 查看。\n\n${en.body}\nSign in to Baomi to see it.`,
  };
}
