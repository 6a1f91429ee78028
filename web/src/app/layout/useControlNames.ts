import { useEffect } from 'react';

/**
 * antd's Select shows its placeholder (「全部密级」, 「状态」) in a span beside its search input, so the input itself,
 * which screen readers announce, has no name; the filter rows of the lists are made of such selects. Rather than
 * rely on every page to repeat its placeholder as an `aria-label`, the shell names each unnamed select input in the
 * page from the placeholder the person sees (a label the page gives always wins: only inputs without any are named).
 */
function nameSelects(root: ParentNode): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('.ant-select input[role="combobox"]')) {
    if (input.hasAttribute('aria-label') || input.hasAttribute('aria-labelledby')) continue;
    if (input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`)) continue;
    // antd 6 calls it `ant-select-placeholder` (5 had `ant-select-selection-placeholder`); shown while nothing is picked.
    const placeholder = input
      .closest('.ant-select')
      ?.querySelector('.ant-select-placeholder, .ant-select-selection-placeholder')?.textContent;
    if (placeholder) input.setAttribute('aria-label', placeholder.trim());
  }
}

/**
 * antd's Tabs put `role="tablist"` on the whole tab bar, which also holds the bar's extra content (a page's buttons
 * beside the tabs) and the overflow button: a tab list may hold only tabs, so assistive technology is told of a
 * broken list. The list of tabs itself (`.ant-tabs-nav-list`, tabs only) takes the role instead.
 */
function fixTabLists(root: ParentNode): void {
  for (const bar of root.querySelectorAll<HTMLElement>('.ant-tabs-nav[role="tablist"]')) {
    const list = bar.querySelector<HTMLElement>('.ant-tabs-nav-list');
    if (!list) continue;
    list.setAttribute('role', 'tablist');
    const orientation = bar.getAttribute('aria-orientation');
    if (orientation) list.setAttribute('aria-orientation', orientation);
    bar.setAttribute('role', 'none');
    bar.removeAttribute('aria-orientation');
  }
}

/** Keeps the page's selects named and tab lists whole as pages and their filters render. */
export function useControlNames(): void {
  useEffect(() => {
    const main = document.querySelector('main');
    if (!main) return;
    const fix = () => {
      nameSelects(main);
      fixTabLists(main);
    };
    fix();
    let queued = false;
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        fix();
      });
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}
