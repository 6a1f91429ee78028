/**
 * Every word the trail and the exports show has zh-CN and en-US text (issue 17): every typed audit action is in
 * the action dictionary, in a group with a name in both languages; every target type the modules name; every
 * export's header, each language complete and unambiguous; the catalogue export uses the list's own column
 * names; every notification kind has its title and body in both languages (their parameters and codes:
 * notification-vocabulary.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../../src/platform/modules.js';
import { catalogue } from '../../../src/platform/notifications/catalogue.js';
import { dictionary, dictionaryResponse } from '../../../src/modules/audit/services/audit-dictionary.js';
import { AUDIT_EXPORT_HEADERS, AUDIT_RESULT_TEXTS } from '../../../src/modules/audit/contracts/export-texts.js';
import { auditExportHeader, roleName } from '../../../src/modules/audit/services/audit-export.js';
import { itemExportHeader } from '../../../src/modules/classification/services/item-export.js';
import { exportHeader as ledgerHeader } from '../../../src/modules/carriers/services/ledger-export.js';
import { carrierPrintTexts } from '../../../src/modules/carriers/contracts/print-texts.js';
import { exportHeader as agreementHeader } from '../../../src/modules/people/services/report-export.js';
import { reportTexts as agreementTexts } from '../../../src/modules/people/contracts/report-texts.js';
import { exportHeader as trainingHeader } from '../../../src/modules/training/services/report-export.js';
import { reportTexts as trainingTexts } from '../../../src/modules/training/services/report-texts.js';
import { ADMIN_ROLES, BUSINESS_ROLES } from '../../../src/kernel/roles.js';
import { zhCN as classificationZh } from '../../../web/src/modules/classification/i18n/zh-CN.js';
import { enUS as classificationEn } from '../../../web/src/modules/classification/i18n/en-US.js';
import { AUDIT_LISTS } from '../../helpers/audit-lists.js';

const LANGS = ['zh-CN', 'en-US'] as const;
const han = /\p{Script=Han}/u;

describe('the action dictionary', () => {
  const d = dictionaryResponse('Asia/Shanghai');
  const listed = d.groups.flatMap((g) => g.actions.map((a) => a.action));

  it('holds every typed action once, and only those', () => {
    const typed = Object.values(AUDIT_LISTS).flatMap((l) => Object.keys(l));
    expect([...listed].sort()).toEqual([...typed].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('gives every module that records events a group, each named in both languages', () => {
    for (const m of MODULES) expect(m.audit, `${m.name} registers its audit vocabulary`).toBeDefined();
    for (const g of d.groups) {
      expect(g.text['zh-CN']).toMatch(han);
      expect(g.text['en-US'].trim()).not.toBe('');
      expect(g.actions.length, g.key).toBeGreaterThan(0);
    }
    expect(new Set(d.groups.map((g) => g.text['zh-CN'])).size).toBe(d.groups.length);
  });

  it.each(Object.entries(d.targetTypes).map(([type, text]) => ({ type, text })))(
    'names target type $type in both languages',
    ({ text }) => {
      expect(text['zh-CN']).toMatch(han);
      expect(text['en-US'].trim()).not.toBe('');
    },
  );

  it('names the targets the trail links to with a resolver of their module', () => {
    for (const type of ['user', 'department', 'secret_item', 'carrier', 'approval_request'])
      expect(dictionary().targets.get(type)?.resolve, type).toBeTypeOf('function');
  });
});

describe('export headers', () => {
  const headers: Record<string, (lang: (typeof LANGS)[number]) => string[]> = {
    audit: auditExportHeader,
    catalogue: itemExportHeader,
    carrierLedger: (l) => ledgerHeader(carrierPrintTexts(l)),
    agreementReport: (l) => agreementHeader(agreementTexts(l)),
    trainingReport: (l) => trainingHeader(trainingTexts(l)),
  };

  it.each(Object.entries(headers).map(([name, of]) => ({ name, of })))(
    '$name has every header in both languages, none twice, Chinese in zh-CN',
    ({ of }) => {
      const [zh, en] = LANGS.map(of);
      expect(zh!.length).toBe(en!.length);
      for (const [i, h] of zh!.entries()) {
        expect(h, `zh-CN column ${i}`).toMatch(han);
        expect(en![i]!.trim(), `en-US column ${i}`).not.toBe('');
        expect(en![i]).not.toMatch(han);
      }
      for (const list of [zh!, en!]) expect(new Set(list).size).toBe(list.length);
    },
  );

  it("uses the catalogue list's own column names (custodian is 保管人)", () => {
    for (const [lang, web] of [
      ['zh-CN', classificationZh.item],
      ['en-US', classificationEn.item],
    ] as const) {
      const h = itemExportHeader(lang);
      for (const key of [
        'number',
        'name',
        'category',
        'level',
        'marking',
        'status',
        'custodian',
        'department',
      ] as const)
        expect(h).toContain(web[key]);
    }
    expect(itemExportHeader('zh-CN')).toContain('保管人');
    expect(itemExportHeader('zh-CN')).not.toContain('知悉范围责任人');
  });

  it('shows results and every recorded role in words', () => {
    for (const lang of LANGS) {
      for (const t of Object.values(AUDIT_RESULT_TEXTS)) expect(t[lang].trim()).not.toBe('');
      for (const role of [...ADMIN_ROLES, ...BUSINESS_ROLES, 'system']) expect(roleName(role, lang)).not.toBe(role);
      for (const t of Object.values(AUDIT_EXPORT_HEADERS)) expect(t[lang].trim()).not.toBe('');
    }
  });
});

describe('notification kinds', () => {
  it.each(Object.entries(catalogue().notices).map(([kind, def]) => ({ kind, def })))(
    '$kind has a Chinese and an English title and body',
    ({ def }) => {
      // A body may be all parameters (an awareness message is the office's own text); a title is never.
      expect(def.text['zh-CN'].title).toMatch(han);
      for (const lang of LANGS)
        for (const part of ['title', 'body'] as const) expect(def.text[lang][part].trim()).not.toBe('');
    },
  );
});
