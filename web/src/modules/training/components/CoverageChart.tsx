import { useEffect, useRef } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Coverage } from '../api/reports.js';

// Only what the chart draws: bars on a grid with a tooltip and a legend, on canvas (no full echarts bundle).
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = { completed: '#52c41a', due: '#1677ff', overdue: '#ff4d4f' } as const;

/**
 * Coverage as a stacked bar chart (TRN-03): per group (a department, a post, a cleared class) the people with
 * training due, split into completed, still to do and overdue; the tooltip gives the completion rate.
 */
export function CoverageChart({ coverage, height = 320 }: { coverage: Coverage | undefined; height?: number }) {
  const { t } = useTranslation('training');
  const ref = useRef<HTMLDivElement>(null);
  const groups = (coverage?.groups ?? []).filter((g) => g.inAudience > 0);
  const label = (g: Coverage['groups'][number]) =>
    g.label === null
      ? t('report.none')
      : coverage?.by === 'clearance'
        ? t(`clearance.${g.label}`, { defaultValue: g.label })
        : g.label;

  useEffect(() => {
    if (!ref.current || groups.length === 0) return;
    const chart = echarts.init(ref.current);
    const series = (['completed', 'due', 'overdue'] as const).map((k) => ({
      name: t(`report.col.${k}`),
      type: 'bar' as const,
      stack: 'people',
      itemStyle: { color: COLOURS[k] },
      data: groups.map((g) => g[k]),
    }));
    chart.setOption({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const items = params as { dataIndex: number; seriesName: string; value: number; marker: string }[];
          const g = groups[items[0]?.dataIndex ?? 0];
          if (!g) return '';
          const rate = g.rate === null ? '—' : `${Math.round(g.rate * 1000) / 10}%`;
          return [
            `<b>${label(g)}</b>`,
            ...items.map((i) => `${i.marker}${i.seriesName}: ${i.value}`),
            `${t('report.col.rate')}: ${rate}`,
          ].join('<br/>');
        },
      },
      legend: { top: 0 },
      grid: { left: 16, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: groups.map(label),
        axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
    // The groups are derived from `coverage`: redraw when it (or the language) changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coverage, t]);

  if (coverage && groups.length === 0)
    return <Empty description={t('report.chartEmpty')} data-testid="training-coverage-chart-empty" />;
  return (
    <div
      ref={ref}
      style={{ width: '100%', height }}
      data-testid="training-coverage-chart"
      data-groups={groups.length}
    />
  );
}
