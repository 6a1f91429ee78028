/**
 * The audit trail's vocabulary: every action has zh-CN and en-US text, none is declared twice, and the
 * actions the code records are typed (a misspelt one fails `tsc`).
 */
import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../src/platform/contracts/audit-actions.js';
import { actionName } from '../../../src/modules/audit/services/audit-dictionary.js';
import { AUDIT_LISTS as LISTS } from '../../helpers/audit-lists.js';

describe('audit actions', () => {
  const entries = Object.entries(LISTS).flatMap(([owner, list]) =>
    Object.entries(list).map(([action, text]) => ({ owner, action, text: text as Record<string, string> })),
  );

  it.each(entries)('$owner: $action has both texts', ({ action, text }) => {
    expect(action).toMatch(/^[a-z][a-z_]*\.[a-z_]+$/);
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

  it('the trail shows the text of the reader language, and keeps an unknown code as it is', () => {
    expect(actionName('item.read', 'zh-CN')).toBe('阅读保密事项内容');
    expect(actionName('item.read', 'en-US')).toBe("Read an item's content");
    expect(actionName('legacy.thing', 'zh-CN')).toBe('legacy.thing');
  });

  it('rejects a misspelt action at compile time', () => {
    // @ts-expect-error not in any vocabulary
    const misspelt: AuditAction = 'item.raed';
    const known: AuditAction = 'approval.decide';
    expect([misspelt, known]).toHaveLength(2);
  });
});
