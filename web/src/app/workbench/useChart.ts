import { useEffect, useRef } from 'react';
import { echarts } from './charts.js';

type Option = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];

/**
 * An ECharts instance in a div: drawn with `option` whenever `deps` change, resized with the window, and a click on
 * a data point handed to `onClick` (series index, data index). Disposed on unmount.
 */
export function useChart(
  option: Option | null,
  deps: readonly unknown[],
  onClick?: (seriesIndex: number, dataIndex: number) => void,
) {
  const ref = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current || !option) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    chart.on('click', (p) => click.current?.(p.seriesIndex ?? 0, p.dataIndex));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
    // The option is derived from `deps` (the card's data and the language).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}
