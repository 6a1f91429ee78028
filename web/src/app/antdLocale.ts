import type { Locale as AntdLocale } from 'antd/es/locale/index.js';
import * as zhMod from 'antd/locale/zh_CN.js';
import * as enMod from 'antd/locale/en_US.js';

/** antd's locale files are CommonJS; depending on the interop the locale sits at `.default` or deeper. */
function unwrap(mod: unknown): AntdLocale {
  let m = mod as { locale?: unknown; default?: unknown };
  for (let i = 0; i < 3 && typeof m.locale !== 'string' && m.default; i++) m = m.default as typeof m;
  return m as AntdLocale;
}

export const antdZhCN = unwrap(zhMod);
export const antdEnUS = unwrap(enMod);
