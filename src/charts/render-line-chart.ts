import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartDataset, ChartItem, LegendItem, Plugin, Scale } from 'chart.js';
import { Chart, setUpCharts } from './chart-setup.ts';
import { framePlugin } from './frame-plugin.ts';
import { chartTheme, seriesColour } from './theme.ts';
import { thresholdLegendItem, thresholdPlugin, type ThresholdLine } from './threshold-plugin.ts';
import { timeLabel, timeStep, timeTicks } from './time-axis.ts';

/** One point of a series: `t` in epoch milliseconds, `v` in the chart's unit. */
export interface ChartPoint {
  t: number;
  v: number;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

export interface LineChartSpec {
  /** Drawn above the plot. */
  title: string;
  /** The y axis title: `ms`, `USD`, `errors / requests`… */
  unit: string;
  series: ChartSeries[];
  /** A limit drawn as a red dashed line with its label (and in the legend). */
  threshold?: ThresholdLine;
  /** A projection, drawn dashed in its own colour. */
  forecast?: ChartSeries;
  /** Pixels. @defaultValue 800 */
  width?: number;
  /** Pixels. @defaultValue 400 */
  height?: number;
}

const MIN_SIZE = 200;
const MAX_SIZE = 4000;
const NO_DATA = 'No data in this period';
/** Beyond this many points on a line, points are not marked (the line says it all). */
const MARKED_POINTS = 60;
const FORECAST_DASH = [6, 4];
/** A lone point gets this much time either side, so the axis has a span to label. */
const LONE_POINT_SPAN = 30 * 60_000;

/** Finite points in time order: a NaN would break the line, and chart.js draws in array order. */
function cleanPoints(points: readonly ChartPoint[]): { x: number; y: number }[] {
  return points
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v))
    .map((p) => ({ x: p.t, y: p.v }))
    .sort((a, b) => a.x - b.x);
}

function checkSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < MIN_SIZE || value > MAX_SIZE) {
    throw new RangeError(`chart ${name} must be an integer from ${MIN_SIZE} to ${MAX_SIZE} pixels, got ${value}`);
  }
  return value;
}

function dataset(series: ChartSeries, colour: string, dashed: boolean): ChartDataset<'line', { x: number; y: number }[]> {
  const data = cleanPoints(series.points);
  return {
    label: series.label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    borderDash: dashed ? FORECAST_DASH : [],
    pointRadius: data.length > MARKED_POINTS ? 0 : 2.5,
    tension: 0,
    fill: false,
  };
}

/**
 * Renders a line chart over time as a PNG, on the server (chart.js on @napi-rs/canvas).
 * The same spec always gives the same bytes. Throws RangeError for a size out of bounds.
 */
export function renderLineChart(spec: LineChartSpec): Buffer {
  const fontFamily = setUpCharts();
  const width = checkSize('width', spec.width ?? 800);
  const height = checkSize('height', spec.height ?? 400);

  const datasets = spec.series.map((series, index) => dataset(series, seriesColour(index), false));
  const forecastIndex = spec.forecast ? datasets.push(dataset(spec.forecast, chartTheme.forecast, true)) - 1 : undefined;
  const xs = datasets.flatMap((d) => d.data.map((p) => p.x));
  const empty = xs.length === 0;
  let xMin = empty ? 0 : Math.min(...xs);
  let xMax = empty ? 1 : Math.max(...xs);
  if (xMin === xMax) {
    xMin -= LONE_POINT_SPAN;
    xMax += LONE_POINT_SPAN;
  }
  const maxTicks = Math.max(2, Math.floor(width / 110));
  const step = timeStep(xMin, xMax, maxTicks);
  const threshold = spec.threshold && Number.isFinite(spec.threshold.value) ? spec.threshold : undefined;

  const plugins: Plugin<'line'>[] = [framePlugin(fontFamily, empty ? NO_DATA : undefined)];
  if (threshold) plugins.push(thresholdPlugin(threshold, fontFamily));

  // Slack shows an 800 px chart at about half size in a thread: text is sized for that.
  const font = { family: fontFamily, size: 13 };
  const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
    type: 'line',
    data: { datasets },
    plugins,
    options: {
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      devicePixelRatio: 1,
      // Fixed, so that tick labels do not depend on the machine's locale.
      locale: 'en-US',
      color: chartTheme.text,
      font,
      layout: { padding: { top: 8, right: 16, bottom: 8, left: 8 } },
      events: [],
      scales: {
        x: {
          type: 'linear',
          min: xMin,
          max: xMax,
          grid: { color: chartTheme.grid },
          border: { color: chartTheme.axis },
          title: { display: true, text: 'Time (UTC)', color: chartTheme.mutedText, font },
          ticks: {
            display: !empty,
            color: chartTheme.text,
            font,
            maxRotation: 0,
            autoSkip: false,
            callback: (value, index, ticks) => timeLabel(Number(value), ticks[index - 1]?.value, step),
          },
          afterBuildTicks: (scale: Scale) => {
            scale.ticks = timeTicks(scale.min, scale.max, maxTicks).map((value) => ({ value }));
          },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          ...(threshold ? { suggestedMax: threshold.value, suggestedMin: threshold.value } : {}),
          grace: '5%',
          grid: { color: chartTheme.grid },
          border: { color: chartTheme.axis },
          title: { display: true, text: spec.unit, color: chartTheme.mutedText, font: { ...font, weight: 'bold' } },
          ticks: { color: chartTheme.text, font },
        },
      },
      plugins: {
        title: { display: true, text: spec.title, color: chartTheme.text, font: { family: fontFamily, size: 17, weight: 'bold' }, padding: { top: 4, bottom: 8 } },
        legend: {
          display: datasets.length > 0 || threshold !== undefined,
          position: 'bottom',
          labels: {
            color: chartTheme.text,
            font,
            usePointStyle: true,
            pointStyle: 'line',
            pointStyleWidth: 28,
            padding: 16,
            generateLabels: (chart): LegendItem[] => {
              // With point-style legends chart.js takes the point's style, which has no dash:
              // the dataset's own dash is put back so the forecast reads dashed there too.
              const items = Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const dashed = item.datasetIndex !== undefined && item.datasetIndex === forecastIndex;
                return dashed ? { ...item, lineDash: FORECAST_DASH } : item;
              });
              return threshold ? [...items, thresholdLegendItem(threshold)] : items;
            },
          },
        },
      },
    },
  };

  const canvas = createCanvas(width, height);
  // chart.js is typed for the DOM's canvas; @napi-rs/canvas implements the part it uses
  // (getContext('2d'), width, height), and chart.js picks its DOM-free platform in Node.
  const chart = new Chart(canvas as unknown as ChartItem, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    // chart.js keeps every live chart in Chart.instances: without destroy() each render leaks.
    chart.destroy();
  }
}
