export { renderLineChart, type ChartPoint, type ChartSeries, type LineChartSpec } from './render-line-chart.ts';
export type { ThresholdLine } from './threshold-plugin.ts';
