import { CLASSIFICATION_CODE_TEXTS } from '../../../../../src/modules/classification/contracts/code-texts.js';

/**
 * The names of classification's request types by type (`classification.classify`: flat keys holding a dot,
 * which i18next finds as `requestType.classification.classify`), from the texts the server's notices use.
 */
export function requestTypeTexts(lang: 'zh-CN' | 'en-US'): Record<string, string> {
  return { ...CLASSIFICATION_CODE_TEXTS.requestType[lang] };
}
