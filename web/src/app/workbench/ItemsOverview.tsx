import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OverviewCard } from './api.js';
import { useChart } from './useChart.js';

const COLOURS: Record<string, string> = { proposed: '#faad14', in_force: '#cf1322', declassified: '#8c8c8c' };

/**
 * The office's catalogue by classified level (bars) and status (stacked): a click on a bar opens the catalogue filtered
 * by that level and status; the table below gives the same figures as links.
 */
export function ItemsOverview({ card }: { card: OverviewCard }) {
  const { t, i18n } = useTranslation('workbench');
  const navigate = useNavigate();
  const levels = [...new Set(card.figures.map((f) => f.group))];
  const statuses = [...new Set(card.figures.map((f) => f.series))];
  const figure = (level: string, status: string) => card.figures.find((f) => f.group === level && f.series === status);
  const levelText = (l: string) => t(`classification:level.${l}`, { defaultValue: l });
  const statusText = (s: string) => t(`classification:itemStatus.${s}`, { defaultValue: s });
  const ref = useChart(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: levels.map(levelText) },
      yAxis: { type: 'value', minInterval: 1 },
      series: statuses.map((s) => ({
        name: statusText(s),
        type: 'bar',
        stack: 'items',
        itemStyle: { color: COLOURS[s] ?? '#1677ff' },
        data: levels.map((l) => figure(l, s)?.count ?? 0),
      })),
    },
    [card, i18n.language],
    (series, index) => {
      const f = figure(levels[index]!, statuses[series]!);
      if (f) void navigate(f.link.web);
    },
  );
  const rows = levels.map((level) => ({ level }));
  return (
    <Card size="small" title={<Link to={card.web}>{t('items.title')}</Link>} data-testid="overview-items">
      <div ref={ref} style={{ width: '100%', height: 220 }} data-testid="overview-items-chart" />
      <Typography.Text type="secondary">{t('items.hint')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="level"
        dataSource={rows}
        columns={[
          { key: 'level', title: '', render: (_: unknown, r) => levelText(r.level) },
          ...statuses.map((s) => ({
            key: s,
            title: statusText(s),
            align: 'right' as const,
            render: (_: unknown, r: { level: string }) => {
              const f = figure(r.level, s);
              return f ? (
                <Link to={f.link.web} data-testid={`items-${r.level}-${s}`}>
                  {f.count}
                </Link>
              ) : null;
            },
          })),
        ]}
      />
    </Card>
  );
}
