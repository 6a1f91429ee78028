import type { NoticeLang } from '../../../src/platform/contracts/notifications.js';

/**
 * The server renders every notice in both languages from the one notification catalogue (the e-mail uses the
 * same texts); the web shows the reader's.
 */
export function notificationText(
  n: { texts: Record<NoticeLang, { title: string; body: string }> },
  language: string,
): { title: string; body: string } {
  return language.startsWith('en') ? n.texts['en-US'] : n.texts['zh-CN'];
}
