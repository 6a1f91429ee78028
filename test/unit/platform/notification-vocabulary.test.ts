/**
 * The notification catalogue: every notice the platform and the modules declare has a title and a body in both
 * languages, its texts name only parameters it declares (the same ones in both languages), every coded
 * parameter shows through a vocabulary group that has a text for each value it can hold, and a misspelt notice
 * or parameters that do not fit it are type errors where a notice is sent.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NotificationInput } from '../../../src/platform/notifications/notification-service.js';
import { catalogue, renderStored } from '../../../src/platform/notifications/catalogue.js';
import { APPROVAL_NOTICES } from '../../../src/platform/contracts/approval-notices.js';
import { PLATFORM_CODE_TEXTS } from '../../../src/platform/contracts/code-texts.js';
import {
  NOTICE_LANGS,
  placeholdersOf,
  renderNotice,
  type NoticeDefinition,
} from '../../../src/platform/contracts/notifications.js';
import { MODULES } from '../../../src/platform/modules.js';

const { notices, codeTexts } = catalogue();
const rows = Object.entries(notices).map(([name, def]) => ({ name, def }));

/** The values a parameter may hold, where its schema lists them. */
function optionsOf(schema: z.ZodType): readonly string[] | null {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodEnum ? (s.options as string[]) : null;
}

describe('the notification catalogue', () => {
  it('holds the platform notices and every module notice', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const k of Object.keys(APPROVAL_NOTICES)) expect(notices).toHaveProperty(k);
    for (const m of MODULES) for (const k of Object.keys(m.notices ?? {})) expect(notices).toHaveProperty(k);
  });

  it('declares each notice and each code once', () => {
    const names = [Object.keys(APPROVAL_NOTICES), ...MODULES.map((m) => Object.keys(m.notices ?? {}))].flat();
    expect(new Set(names).size).toBe(names.length);
    // A group may gather codes from several parts; each code is declared once.
    const codes = [PLATFORM_CODE_TEXTS, ...MODULES.map((m) => m.codeTexts ?? {})].flatMap((part) =>
      Object.entries(part).flatMap(([group, texts]) => Object.keys(texts['zh-CN']).map((c) => `${group}.${c}`)),
    );
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(rows)('$name has a title and a body in both languages', ({ def }) => {
    for (const lang of NOTICE_LANGS) {
      expect(def.text[lang].title.trim()).not.toBe('');
      expect(def.text[lang].body.trim()).not.toBe('');
    }
  });

  it.each(rows)('$name names only declared parameters, the same in both languages', ({ def }) => {
    const declared = Object.keys(def.params.shape);
    const used = (lang: (typeof NOTICE_LANGS)[number]) =>
      [...new Set([...placeholdersOf(def.text[lang].title), ...placeholdersOf(def.text[lang].body)])].sort();
    expect(used('zh-CN').filter((p) => !declared.includes(p))).toEqual([]);
    expect(used('en-US')).toEqual(used('zh-CN'));
  });

  it.each(rows)('$name shows each coded parameter through a group with a text for every value', ({ def }) => {
    const shape = def.params.shape as Record<string, z.ZodType>;
    for (const [param, group] of Object.entries(def.codes ?? {}) as [string, string][]) {
      expect(shape, `${param} is not a parameter`).toHaveProperty(param);
      expect(codeTexts, `no code group ${group}`).toHaveProperty(group);
      for (const value of optionsOf(shape[param]!) ?? []) {
        for (const lang of NOTICE_LANGS)
          expect(codeTexts[group]![lang][value], `${group}.${value} ${lang}`).toBeTruthy();
      }
    }
  });

  it.each(Object.entries(codeTexts).map(([group, texts]) => ({ group, texts })))(
    'code group $group has the same values in both languages, none empty',
    ({ texts }) => {
      expect(Object.keys(texts['en-US']).sort()).toEqual(Object.keys(texts['zh-CN']).sort());
      for (const lang of NOTICE_LANGS) for (const v of Object.values(texts[lang])) expect(v.trim()).not.toBe('');
    },
  );

  it('rejects a misspelt notice or parameters that do not fit it at compile time', () => {
    const right: NotificationInput = { notice: 'approvalPending', params: { number: 'REQ-1', type: 'classify' } };
    // @ts-expect-error not a declared notice
    const misspelt: NotificationInput = { notice: 'aprovalPending', params: { number: 'REQ-1', type: 'x' } };
    // @ts-expect-error the parameter `type` is missing
    const missing: NotificationInput = { notice: 'approvalPending', params: { number: 'REQ-1' } };
    const badCode: NotificationInput = {
      notice: 'itemExtended',
      // @ts-expect-error a level that does not exist
      params: { number: 'S-1', level: 'x', secrecyUntil: null },
    };
    expect([right, misspelt, missing, badCode]).toHaveLength(4);
  });
});

describe('rendering a notice', () => {
  const def: NoticeDefinition = {
    params: z.object({ n: z.string(), level: z.string(), at: z.string(), gone: z.string().nullable() }),
    codes: { level: 'level' },
    text: {
      'zh-CN': { title: '{{n}}：{{level}}', body: '于 {{at}}，{{gone}}' },
      'en-US': { title: '{{n}}: {{level}}', body: 'at {{at}}, {{gone}}' },
    },
  };
  const instant = (iso: string) => `day(${iso.slice(0, 10)})`;

  it.each([
    ['zh-CN', { title: 'S-1：机密', body: '于 day(2026-03-06)，—' }],
    ['en-US', { title: 'S-1: Secret', body: 'at day(2026-03-06), —' }],
  ] as const)('shows codes by their text, instants as dates and missing values as a dash (%s)', (lang, want) => {
    const params = { n: 'S-1', level: 'secret', at: '2026-03-06T08:00:00.000Z', gone: null };
    expect(renderNotice(def, params, lang, PLATFORM_CODE_TEXTS, instant)).toEqual(want);
  });

  it('shows an unknown code as it is and keeps calendar dates', () => {
    const params = { n: 'S-1', level: 'mystery', at: '2026-03-06', gone: 'x' };
    expect(renderNotice(def, params, 'en-US', PLATFORM_CODE_TEXTS, instant)).toEqual({
      title: 'S-1: mystery',
      body: 'at 2026-03-06, x',
    });
  });

  it('renders stored notices in both languages and leaves plain text alone', () => {
    const r = renderStored(
      'notify.requestDecided',
      JSON.stringify({ number: 'REQ-7', type: 'classification.extend', status: 'approved' }),
      'UTC',
    );
    expect(r['zh-CN']).toEqual({ title: '申请已批准：REQ-7', body: '您的延期申请 REQ-7 已批准' });
    expect(r['en-US'].body).toBe('Your request REQ-7 (Extension) has ended: Approved');
    expect(renderStored('Hello', 'plain', 'UTC')).toEqual({
      'zh-CN': { title: 'Hello', body: 'plain' },
      'en-US': { title: 'Hello', body: 'plain' },
    });
    // A body that is not JSON still shows the notice, its parameters as dashes.
    expect(renderStored('notify.grantRevoked', 'oops', 'UTC')['en-US'].title).toBe('Grant revoked: —');
  });
});
