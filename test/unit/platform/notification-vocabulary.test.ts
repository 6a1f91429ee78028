/**
 * Notification keys are typed and translated: every key a module declares has a title and a body in both
 * languages of its web namespace (`notify.<name>`), the web has no text for an undeclared key, and a misspelt
 * key is a type error where a notice is sent.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationInput } from '../../../src/platform/notifications/notification-service.js';
import { IDENTITY_NOTIFICATIONS } from '../../../src/modules/identity/contracts/notifications.js';
import { CLASSIFICATION_NOTIFICATIONS } from '../../../src/modules/classification/contracts/notifications.js';
import { zhCN as identityZh } from '../../../web/src/modules/identity/i18n/zh-CN.js';
import { enUS as identityEn } from '../../../web/src/modules/identity/i18n/en-US.js';
import { zhCN as classificationZh } from '../../../web/src/modules/classification/i18n/zh-CN.js';
import { enUS as classificationEn } from '../../../web/src/modules/classification/i18n/en-US.js';

type Texts = Record<string, { title?: string; body?: string }>;
const MODULES = [
  { name: 'identity', keys: IDENTITY_NOTIFICATIONS, zh: identityZh.notify as Texts, en: identityEn.notify as Texts },
  {
    name: 'classification',
    keys: CLASSIFICATION_NOTIFICATIONS,
    zh: classificationZh.notify as Texts,
    en: classificationEn.notify as Texts,
  },
];

describe('notification keys', () => {
  const rows = MODULES.flatMap((m) => m.keys.map((key) => ({ module: m.name, key, m })));

  it.each(rows)('$module: $key has a title and a body in both languages', ({ key, m }) => {
    for (const texts of [m.zh, m.en]) {
      expect(texts[key]?.title?.trim()).toBeTruthy();
      expect(texts[key]?.body?.trim()).toBeTruthy();
    }
  });

  it.each(MODULES)('$name: the web has texts only for declared keys', (m) => {
    expect(Object.keys(m.zh).filter((k) => !(m.keys as readonly string[]).includes(k))).toEqual([]);
  });

  it('declares each key once', () => {
    const all = MODULES.flatMap((m) => [...m.keys]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('rejects a misspelt key at compile time', () => {
    // @ts-expect-error not a declared notification
    const wrong: NotificationInput = { kind: 'x', title: 'notify.aprovalPending', body: '{}' };
    const right: NotificationInput = { kind: 'x', title: 'notify.approvalPending', body: '{}' };
    expect([wrong.title, right.title]).toHaveLength(2);
  });
});
