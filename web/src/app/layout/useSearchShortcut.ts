import { useEffect } from 'react';

/**
 * The page's search field, in the order a page may mark it: `data-page-search` on the input, else its first
 * search box (antd's Input.Search), else its first `type=search` input.
 */
const SEARCH = ['main [data-page-search]', 'main .ant-input-search input', 'main input[type="search"]'];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** `/` focuses the page's search (as on GitHub and most admin consoles), unless the person is typing somewhere. */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      for (const selector of SEARCH) {
        const input = document.querySelector<HTMLInputElement>(selector);
        if (input && !input.disabled) {
          e.preventDefault();
          input.focus();
          input.select();
          return;
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
