import type { VocabularyText } from '../../../platform/contracts/audit-actions.js';

/**
 * The catalogue export's column names, in both languages: the catalogue list's own (its web texts `item.*`;
 * test/unit/platform/export-texts.test.ts checks they stay the same), then the codes kept for machines.
 */
export const ITEM_EXPORT_HEADERS = {
  number: { 'zh-CN': '编号', 'en-US': 'Number' },
  title: { 'zh-CN': '名称', 'en-US': 'Title' },
  category: { 'zh-CN': '类别', 'en-US': 'Category' },
  level: { 'zh-CN': '密级', 'en-US': 'Level' },
  marking: { 'zh-CN': '密级标志', 'en-US': 'Marking' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  markedOn: { 'zh-CN': '标志日期', 'en-US': 'Marked on' },
  secrecyUntil: { 'zh-CN': '保密期限至', 'en-US': 'Secret until' },
  condition: { 'zh-CN': '解密条件', 'en-US': 'Declassification condition' },
  custodian: { 'zh-CN': '保管人', 'en-US': 'Custodian' },
  department: { 'zh-CN': '所属部门', 'en-US': 'Department' },
  declassifiedOn: { 'zh-CN': '解密日期', 'en-US': 'Declassified on' },
  updatedAt: { 'zh-CN': '更新时间', 'en-US': 'Updated at' },
  categoryCode: { 'zh-CN': '类别代码', 'en-US': 'Category code' },
  levelCode: { 'zh-CN': '密级代码', 'en-US': 'Level code' },
  statusCode: { 'zh-CN': '状态代码', 'en-US': 'Status code' },
  id: { 'zh-CN': '事项 ID', 'en-US': 'Item ID' },
} as const satisfies Record<string, VocabularyText>;

export type ItemExportColumn = keyof typeof ITEM_EXPORT_HEADERS;
