import type { Shape } from '../../app/i18n/shape.js';

/** 简体中文：the shared list component's texts (namespace `list`, added by `useListTexts`). Keys must match en-US.ts. */
export const zhCN = {
  total: '共 {{n}} 条',
  shown: '已显示 {{shown}} / 共 {{n}} 条',
  shownNoTotal: '已显示 {{shown}} 条',
  more: '加载更多',
  noMore: '没有更多了',
  pageSize: '每次 {{n}} 条',
  columns: '列设置',
  columnsReset: '恢复默认',
  density: '密度',
  densityLarge: '宽松',
  densityMiddle: '中等',
  densitySmall: '紧凑',
  selected: '已选 {{n}} 项',
  clearSelection: '取消选择',
  filtersMore: '更多筛选',
  filtersLess: '收起筛选',
  filtersActive: '更多筛选（{{n}}）',
  bulkDone: '{{ok}} 项成功',
  bulkPartial: '{{ok}} 项成功，{{failed}} 项未完成',
  bulkFailedRow: '{{row}}：{{reason}}',
};

export type ListMessages = Shape<typeof zhCN>;
