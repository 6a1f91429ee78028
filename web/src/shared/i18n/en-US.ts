import type { ListMessages } from './zh-CN.js';

/** English texts of the shared list component. Typed as `ListMessages`: a missing or extra key fails the check. */
export const enUS: ListMessages = {
  total: '{{n}} in all',
  shown: '{{shown}} of {{n}} shown',
  shownNoTotal: '{{shown}} shown',
  more: 'Load more',
  noMore: 'No more',
  pageSize: '{{n}} at a time',
  columns: 'Columns',
  columnsReset: 'Reset',
  density: 'Density',
  densityLarge: 'Comfortable',
  densityMiddle: 'Default',
  densitySmall: 'Compact',
  selected: '{{n}} selected',
  clearSelection: 'Clear selection',
  filtersMore: 'More filters',
  filtersLess: 'Fewer filters',
  filtersActive: 'More filters ({{n}})',
  bulkDone: '{{ok}} done',
  bulkPartial: '{{ok}} done, {{failed}} not done',
  bulkFailedRow: '{{row}}: {{reason}}',
};
