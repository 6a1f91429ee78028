/**
 * The audit trail's vocabulary: every action has zh-CN and en-US text, none is declared twice, and the
 * actions the code records are typed (a misspelt one fails `tsc`).
 */
import { describe, expect, it } from 'vitest';
import { PLATFORM_AUDIT_ACTIONS, type AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import { IDENTITY_AUDIT_ACTIONS } from '../../../src/modules/identity/contracts/audit-actions.js';
import { AUDIT_MODULE_AUDIT_ACTIONS } from '../../../src/modules/audit/contracts/audit-actions.js';
import { CLASSIFICATION_AUDIT_ACTIONS } from '../../../src/modules/classification/contracts/audit-actions.js';
import { CARRIER_AUDIT_ACTIONS } from '../../../src/modules/carriers/contracts/audit-actions.js';
import { PEOPLE_AUDIT_ACTIONS } from '../../../src/modules/people/contracts/audit-actions.js';
import { TRAINING_AUDIT_ACTIONS } from '../../../src/modules/training/contracts/audit-actions.js';
import { PRINT_AUDIT_ACTIONS } from '../../../src/platform/contracts/print-audit-actions.js';
import { auditActionText } from '../../../web/src/modules/audit/actionText.js';

const LISTS = {
  platform: PLATFORM_AUDIT_ACTIONS,
  identity: IDENTITY_AUDIT_ACTIONS,
  audit: AUDIT_MODULE_AUDIT_ACTIONS,
  classification: CLASSIFICATION_AUDIT_ACTIONS,
  carriers: CARRIER_AUDIT_ACTIONS,
  people: PEOPLE_AUDIT_ACTIONS,
  training: TRAINING_AUDIT_ACTIONS,
  print: PRINT_AUDIT_ACTIONS,
};

describe('audit actions', () => {
  const entries = Object.entries(LISTS).flatMap(([owner, list]) =>
    Object.entries(list).map(([action, text]) => ({ owner, action, text: text as Record<string, string> })),
  );

  it.each(entries)('$owner: $action has both texts', ({ action, text }) => {
    expect(action).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(text['zh-CN']?.trim()).toBeTruthy();
    expect(text['en-US']?.trim()).toBeTruthy();
    expect(text['zh-CN']).toMatch(/\p{Script=Han}/u);
  });

  it('declares each action once', () => {
    const seen = new Map<string, string>();
    for (const e of entries) {
      expect(seen.get(e.action), `${e.action} in ${e.owner} and ${seen.get(e.action)}`).toBeUndefined();
      seen.set(e.action, e.owner);
    }
  });

  it('the web shows the text of the reader language, and keeps an unknown code as it is', () => {
    expect(auditActionText('item.read', 'zh-CN')).toBe('阅读密件内容');
    expect(auditActionText('item.read', 'en-US')).toBe("Read an item's content");
    expect(auditActionText('legacy.thing', 'zh-CN')).toBeNull();
  });

  it('rejects a misspelt action at compile time', () => {
    // @ts-expect-error not in any vocabulary
    const misspelt: AuditAction = 'item.raed';
    const known: AuditAction = 'approval.decide';
    expect([misspelt, known]).toHaveLength(2);
  });
});
