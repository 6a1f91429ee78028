/**
 * antd's tables measure their columns in a zero-height row marked aria-hidden (`.ant-table-measure-row`) that holds
 * a copy of each column's title. Where a title is a control (the select-all checkbox of a list with row selection,
 * a sort or filter trigger), the copy can take keyboard focus: Tab then lands on something invisible, and it is a
 * focusable element inside aria-hidden (axe: aria-hidden-focus). Marking the row `inert` keeps the copy out of the
 * tab order and the accessibility tree; antd does not set it, so every measure row is marked as it appears.
 */
const MEASURE_ROW = '.ant-table-measure-row';

function markInert(root: ParentNode): void {
  for (const row of root.querySelectorAll<HTMLElement>(`${MEASURE_ROW}:not([inert])`)) row.setAttribute('inert', '');
}

export function keepMeasureRowsInert(root: HTMLElement): void {
  markInert(root);
  new MutationObserver((changes) => {
    for (const c of changes)
      for (const node of c.addedNodes)
        if (node instanceof HTMLElement) {
          if (node.matches(MEASURE_ROW)) node.setAttribute('inert', '');
          else markInert(node);
        }
  }).observe(root, { childList: true, subtree: true });
}
