import { describe, expect, it } from 'vitest';
import { greetingName } from '../../../web/src/app/workbench/greeting.js';

const ROLE_EN = { sysadmin: 'System administrator', secadmin: 'Security administrator', auditor: 'Security auditor' };
const roleName = (r: keyof typeof ROLE_EN) => ROLE_EN[r];

describe('the workbench greets by name, an untouched administrator account by its role in English', () => {
  it.each([
    [{ displayName: '系统管理员', adminRole: 'sysadmin' as const }, 'en-US', 'System administrator'],
    [{ displayName: '安全保密管理员', adminRole: 'secadmin' as const }, 'en-US', 'Security administrator'],
    [{ displayName: '安全审计员', adminRole: 'auditor' as const }, 'en-US', 'Security auditor'],
    [{ displayName: '系统管理员', adminRole: 'sysadmin' as const }, 'zh-CN', '系统管理员'],
    // Renamed to the person holding the post: their name, in every language.
    [{ displayName: '张伟', adminRole: 'sysadmin' as const }, 'en-US', '张伟'],
    // Another post's default name is not this account's role name.
    [{ displayName: '安全审计员', adminRole: 'sysadmin' as const }, 'en-US', '安全审计员'],
    [{ displayName: '系统管理员', adminRole: null }, 'en-US', '系统管理员'],
    [{ displayName: '刘洋', adminRole: null }, 'en-US', '刘洋'],
  ])('%o in %s: %s', (user, lang, expected) => {
    expect(greetingName(user, lang, roleName)).toBe(expected);
  });
});
