import { useEffect, useRef } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';

/**
 * An ECharts instance in a div: drawn with `option` whenever `deps` change, resized with the window, and a click on
 * a data point handed to `onClick` (series index, data index). Disposed on unmount. ECharts itself is fetched on the
 * first chart drawn (its own chunk): the home page is in the app's entry, and the sign-in page should not carry it.
 */
export function useChart(
  option: EChartsCoreOption | null,
  deps: readonly unknown[],
  onClick?: (seriesIndex: number, dataIndex: number) => void,
) {
  const ref = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const el = ref.current;
    if (!el || !option) return;
    let chart: EChartsType | undefined;
    let gone = false;
    const resize = () => chart?.resize();
    void import('./charts.js').then(({ echarts }) => {
      if (gone) return; // unmounted or redrawn while ECharts was loading
      chart = echarts.init(el);
      chart.setOption(option);
      chart.on('click', (p) => click.current?.(p.seriesIndex ?? 0, p.dataIndex));
      window.addEventListener('resize', resize);
    });
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
    // The option is derived from `deps` (the card's data and the language).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}
