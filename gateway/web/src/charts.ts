// ECharts with only the pieces the portal draws (tree-shaken), on canvas.
// Tooltips render as rich text inside the canvas: HTML tooltips would carry
// style="" attributes the gateway's CSP refuses.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

const live = new Set<echarts.ECharts>();

export const fontFamily = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

export function drawChart(el: HTMLElement, option: ChartOption): echarts.ECharts {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  chart.setOption({ textStyle: { fontFamily }, animation: false, ...option });
  live.add(chart);
  return chart;
}

// Before a new page draws: the old page's charts go.
export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live.clear();
}

window.addEventListener('resize', () => {
  for (const c of live) c.resize();
});
