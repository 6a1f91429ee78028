import type { ClassificationRequestType } from '../../../kernel/secret-item.js';
import type { TargetRef } from '../../../platform/approvals/pending.js';

/** Requests about a secret item point at it as their target `secret_item:<id>`. */
export const ITEM_TARGET = 'secret_item';

export const itemTarget = (id: string): TargetRef => ({ type: ITEM_TARGET, id });

/** `classification.reclassify` for the change `reclassify`. */
export const itemRequestType = (verb: string): ClassificationRequestType =>
  `classification.${verb}` as ClassificationRequestType;

/** `reclassify` for `classification.reclassify`: the change an item request makes. */
export const verbOf = (type: string): string => type.slice(type.indexOf('.') + 1);
