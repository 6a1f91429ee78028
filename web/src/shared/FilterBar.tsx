import { useState, type ReactNode } from 'react';
import { Badge, Button, Flex } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { useListTexts } from './i18n/index.js';

/**
 * A list's filter form that collapses: the first filters (the search, the one or two most used) always show, the
 * rest behind 「更多筛选」, which counts how many of them are set while folded. Each control keeps its width and
 * the row wraps whole controls only, so no lone control is left on a line of its own by a squeezed label.
 */
export function FilterBar({
  primary,
  more = [],
  activeMore = 0,
  extra,
  testid = 'filter-bar',
}: {
  primary: ReactNode;
  /** The filters shown on asking; each an element of its own. */
  more?: ReactNode[];
  /** How many of the folded filters are set (shown on the toggle while folded). */
  activeMore?: number;
  /** Shown at the row's end (a total, a count). */
  extra?: ReactNode;
  testid?: string;
}) {
  const { t } = useListTexts();
  // A list opened with folded filters set (a link from the workbench) shows them: a set filter is never hidden.
  const [open, setOpen] = useState(activeMore > 0);
  return (
    <Flex wrap gap={8} align="center" data-testid={testid}>
      {primary}
      {open && more}
      {more.length > 0 && (
        <Button
          type="link"
          onClick={() => setOpen((o) => !o)}
          icon={open ? <UpOutlined /> : <DownOutlined />}
          aria-expanded={open}
          data-testid={`${testid}-toggle`}
        >
          {open ? (
            t('filtersLess')
          ) : activeMore > 0 ? (
            <Badge dot offset={[4, 0]}>
              {t('filtersActive', { n: activeMore })}
            </Badge>
          ) : (
            t('filtersMore')
          )}
        </Button>
      )}
      {extra}
    </Flex>
  );
}
