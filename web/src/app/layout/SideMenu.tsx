import { Badge, Menu } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { WebNavEntry } from '../webModule.js';
import type { MenuArea } from './nav.js';

const noCount = (): number | undefined => undefined;

/** An entry's link, with the count of what waits behind it (hidden while the menu is collapsed). */
function NavLabel({ entry, collapsed, onPick }: { entry: WebNavEntry; collapsed: boolean; onPick?: () => void }) {
  const { t } = useTranslation();
  const useCount = entry.useCount ?? noCount;
  const count = useCount();
  const testid = `nav-${entry.key}`;
  return (
    <Link to={entry.path} data-testid={testid} onClick={onPick}>
      {t(entry.label)}
      {!!count && !collapsed && (
        <Badge
          count={count}
          size="small"
          style={{ marginLeft: 8, boxShadow: 'none' }}
          data-testid={`${testid}-count`}
        />
      )}
    </Link>
  );
}

/**
 * The menu by area: each area's heading, then its entries (headings rather than folding submenus, so every
 * entry stays one click away). `onPick` closes the phone's drawer once a page is chosen.
 */
export function SideMenu({
  areas,
  selected,
  collapsed,
  theme,
  onPick,
}: {
  areas: MenuArea[];
  selected: string[];
  collapsed: boolean;
  theme: 'dark' | 'light';
  onPick?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('layout.menu')}>
      <Menu
        theme={theme}
        mode="inline"
        selectedKeys={selected}
        data-testid="side-menu"
        items={areas.map((a) => ({
          type: 'group' as const,
          key: `group-${a.group}`,
          label: collapsed ? null : <span data-testid={`nav-group-${a.group}`}>{t(`nav.group.${a.group}`)}</span>,
          children: a.entries.map((e) => ({
            key: e.key,
            icon: e.icon,
            label: <NavLabel entry={e} collapsed={collapsed} onPick={onPick} />,
          })),
        }))}
      />
    </nav>
  );
}
