import type { ReactNode } from 'react';
import { Button, Checkbox, Dropdown, Flex, Popover, Space, Tooltip, Typography } from 'antd';
import { ColumnHeightOutlined, SettingOutlined } from '@ant-design/icons';
import { useListTexts } from './i18n/index.js';
import { DENSITIES, type Density, type TableSettings } from './tableSettings.js';

/**
 * The bar above a list: on the left what is selected and the bulk actions (or the list's own content), on the
 * right the density and the column settings. The columns' names are their headers.
 */
export function TableToolbar({
  columns,
  settings,
  onSettings,
  density,
  left,
  testid,
}: {
  columns: { id: string; title: ReactNode }[];
  settings: TableSettings;
  onSettings: (s: TableSettings) => void;
  density: Density;
  left?: ReactNode;
  testid: string;
}) {
  const { t } = useListTexts();
  const densityText: Record<Density, string> = {
    large: t('densityLarge'),
    middle: t('densityMiddle'),
    small: t('densitySmall'),
  };
  const shown = columns.filter((c) => !settings.hidden.includes(c.id)).map((c) => c.id);
  const picker = (
    <Space orientation="vertical" size={4} data-testid={`${testid}-columns-panel`}>
      <Checkbox.Group
        value={shown}
        // At least one column stays: a table of no columns says nothing.
        onChange={(v) =>
          v.length > 0 && onSettings({ ...settings, hidden: columns.map((c) => c.id).filter((id) => !v.includes(id)) })
        }
      >
        <Space orientation="vertical" size={2}>
          {columns.map((c) => (
            <Checkbox key={c.id} value={c.id} data-testid={`${testid}-column-${c.id}`}>
              {c.title}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <Button size="small" type="link" onClick={() => onSettings({ ...settings, hidden: [] })}>
        {t('columnsReset')}
      </Button>
    </Space>
  );
  return (
    <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
      <div>{left}</div>
      <Space size={0}>
        <Dropdown
          trigger={['click']}
          menu={{
            selectable: true,
            selectedKeys: [density],
            items: DENSITIES.map((d) => ({ key: d, label: densityText[d] })),
            onClick: ({ key }) => onSettings({ ...settings, density: key as Density }),
          }}
        >
          <Tooltip title={t('density')}>
            <Button
              type="text"
              icon={<ColumnHeightOutlined />}
              aria-label={t('density')}
              data-testid={`${testid}-density`}
            />
          </Tooltip>
        </Dropdown>
        <Popover trigger="click" placement="bottomRight" title={t('columns')} content={picker}>
          <Tooltip title={t('columns')}>
            <Button
              type="text"
              icon={<SettingOutlined />}
              aria-label={t('columns')}
              data-testid={`${testid}-columns`}
            />
          </Tooltip>
        </Popover>
      </Space>
    </Flex>
  );
}

/** The selection's part of the toolbar: how many rows are chosen, the bulk actions, and clearing the choice. */
export function SelectionBar({ count, actions, onClear }: { count: number; actions: ReactNode; onClear: () => void }) {
  const { t } = useListTexts();
  return (
    <Space wrap>
      <Typography.Text data-testid="list-selected-count">{t('selected', { n: count })}</Typography.Text>
      {actions}
      <Button type="link" size="small" onClick={onClear} disabled={count === 0}>
        {t('clearSelection')}
      </Button>
    </Space>
  );
}
