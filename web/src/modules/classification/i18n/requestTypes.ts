import { CLASSIFICATION_CODE_TEXTS } from '../../../../../src/modules/classification/contracts/notifications.js';
import { CLASSIFICATION_REQUEST_TYPES } from '../../../../../src/kernel/secret-item.js';

/**
 * The names of classification's request types by type (`classification.classify`: flat keys holding a dot,
 * which i18next finds as `requestType.classification.classify`), from the texts the server's notices use. The
 * server's block is keyed by the type; a block still keyed by the verb (`classify`) is read the same way.
 */
export function requestTypeTexts(lang: 'zh-CN' | 'en-US'): Record<string, string> {
  const block = CLASSIFICATION_CODE_TEXTS.requestType[lang] as Readonly<Record<string, string | undefined>>;
  return Object.fromEntries(
    CLASSIFICATION_REQUEST_TYPES.map((type) => [type, block[type] ?? block[type.slice(type.indexOf('.') + 1)] ?? '']),
  );
}
