import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OverviewCard } from './api.js';
import { useChart } from './useChart.js';

/**
 * The auditor's refusals per day over the last 30 days (the organisation's calendar days): a click on a day opens the
 * trail filtered by `result=denied` and that day; the total opens the whole range.
 */
export function RefusalsOverview({ card }: { card: OverviewCard }) {
  const { t, i18n } = useTranslation('workbench');
  const navigate = useNavigate();
  const total = card.figures.reduce((n, f) => n + f.count, 0);
  const ref = useChart(
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: card.figures.map((f) => f.group.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('refusals.series'),
          type: 'line',
          smooth: true,
          symbolSize: 6,
          itemStyle: { color: '#cf1322' },
          areaStyle: { opacity: 0.08 },
          data: card.figures.map((f) => f.count),
        },
      ],
    },
    [card, i18n.language],
    (_series, index) => {
      const f = card.figures[index];
      if (f) void navigate(f.link.web);
    },
  );
  return (
    <Card
      size="small"
      title={t('refusals.title')}
      extra={
        <Link to={card.web} data-testid="overview-refusals-total">
          {t('refusals.total', { n: total })}
        </Link>
      }
      data-testid="overview-refusals"
      data-total={total}
    >
      <div ref={ref} style={{ width: '100%', height: 220 }} data-testid="overview-refusals-chart" />
      <Typography.Text type="secondary">
        {card.figures[0]?.group} — {card.figures.at(-1)?.group}
      </Typography.Text>
    </Card>
  );
}
