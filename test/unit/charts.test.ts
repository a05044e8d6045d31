import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { Chart } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { registerChartFont } from '../../src/charts/fonts.ts';
import { renderLineChart, type ChartPoint, type LineChartSpec } from '../../src/charts/index.ts';
import { chartTheme } from '../../src/charts/theme.ts';
import { timeLabel, timeTicks } from '../../src/charts/time-axis.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `n` hourly points from T0. */
const hourly = (n: number, value: (i: number) => number): ChartPoint[] => Array.from({ length: n }, (_, i) => ({ t: T0 + i * HOUR, v: value(i) }));

const latencySpec = (overrides: Partial<LineChartSpec> = {}): LineChartSpec => ({
  title: 'churn-xgb-prod: p99 model latency',
  unit: 'ms',
  series: [{ label: 'p99 latency', points: hourly(24, (i) => 100 + 10 * i) }],
  ...overrides,
});

interface Decoded {
  width: number;
  height: number;
  /** RGBA bytes, row by row. */
  data: Uint8ClampedArray;
}

/** Decodes with the canvas's own PNG decoder, which rejects a malformed file. */
async function decode(png: Buffer): Promise<Decoded> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

/** The IHDR chunk's width and height, read from the bytes (big-endian, at offsets 16 and 20). */
function ihdrSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

type Rgb = [number, number, number];
const hex = (colour: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as Rgb;
const near = (a: Rgb, b: Rgb, tolerance = 40): boolean => a.every((v, i) => Math.abs(v - (b[i] ?? 0)) <= tolerance);

/** How many pixels of each row are close to `colour`. */
function rowCounts(image: Decoded, colour: string): number[] {
  const target = hex(colour);
  const counts = new Array<number>(image.height).fill(0);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const i = (y * image.width + x) * 4;
      if (near([image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0], target)) counts[y] = (counts[y] ?? 0) + 1;
    }
  }
  return counts;
}

/** The row with the most pixels of `colour`, and how many it has. */
function busiestRow(image: Decoded, colour: string): { y: number; count: number } {
  const counts = rowCounts(image, colour);
  const count = Math.max(...counts);
  return { y: counts.indexOf(count), count };
}

const total = (counts: number[]): number => counts.reduce((sum, n) => sum + n, 0);

describe('renderLineChart', () => {
  describe('given a series over a day', () => {
    it('returns a valid PNG of 800 × 400 pixels by default', async () => {
      const png = renderLineChart(latencySpec());
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(ihdrSize(png)).toEqual({ width: 800, height: 400 });
      const image = await decode(png);
      expect({ width: image.width, height: image.height }).toEqual({ width: 800, height: 400 });
    });

    it('returns the size asked for', async () => {
      const png = renderLineChart(latencySpec({ width: 640, height: 360 }));
      expect(ihdrSize(png)).toEqual({ width: 640, height: 360 });
      const image = await decode(png);
      expect({ width: image.width, height: image.height }).toEqual({ width: 640, height: 360 });
    });

    it('paints an opaque background, so that it reads on Slack’s dark theme too', async () => {
      const image = await decode(renderLineChart(latencySpec()));
      let transparent = 0;
      for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] ?? 0) < 255) transparent += 1;
      expect(transparent).toBe(0);
      // The corner is the light border, the inside near it the white background.
      const at = (x: number, y: number): Rgb => {
        const i = (y * image.width + x) * 4;
        return [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
      };
      expect(near(at(0, 0), hex(chartTheme.border), 8)).toBe(true);
      expect(at(4, 4)).toEqual([255, 255, 255]);
    });

    it('gives the same bytes for the same spec', () => {
      const spec = latencySpec({ threshold: { value: 250, label: 'p99 limit 250 ms' } });
      expect(renderLineChart(spec).equals(renderLineChart(spec))).toBe(true);
    });

    it('leaves no chart.js instance behind after rendering', () => {
      for (let i = 0; i < 5; i += 1) renderLineChart(latencySpec());
      expect(Object.keys(Chart.instances)).toEqual([]);
    });
  });

  describe('with a threshold', () => {
    // Two series set the scale (0…100); the first runs flat at 60, where the threshold goes.
    const series = [
      { label: 'at the limit', points: hourly(24, () => 60) },
      { label: 'range', points: hourly(24, (i) => (i * 100) / 23) },
    ];

    it('draws a red dashed line across the plot at the threshold’s value', async () => {
      const plain = await decode(renderLineChart(latencySpec({ series })));
      const withLimit = await decode(renderLineChart(latencySpec({ series, threshold: { value: 60, label: 'limit 60 ms' } })));

      // Without a threshold nothing is red: red is kept for limits.
      expect(total(rowCounts(plain, chartTheme.threshold))).toBe(0);

      // The flat series marks where 60 is on the y axis; the red line lies along it.
      const sixty = busiestRow(plain, chartTheme.series[0]);
      const red = busiestRow(withLimit, chartTheme.threshold);
      expect(Math.abs(red.y - sixty.y)).toBeLessThanOrEqual(2);
      // Dashed, across most of the plot's width: many red pixels, but gaps between them.
      expect(red.count).toBeGreaterThan(withLimit.width * 0.4);
      expect(red.count).toBeLessThan(withLimit.width * 0.9);
    });

    it('keeps a threshold far above the data in view', async () => {
      const image = await decode(renderLineChart(latencySpec({ threshold: { value: 5_000, label: 'limit 5 s' } })));
      const red = busiestRow(image, chartTheme.threshold);
      expect(red.count).toBeGreaterThan(image.width * 0.4);
      // Above every data point: the series' highest pixel is below the red line.
      const blueRows = rowCounts(image, chartTheme.series[0]);
      const highestBlue = blueRows.findIndex((n, y) => n > 0 && y > 40); // below the title
      expect(highestBlue).toBeGreaterThan(red.y);
    });
  });

  describe('with a forecast', () => {
    it('draws it in its own colour', async () => {
      const forecast = { label: 'Forecast', points: hourly(12, (i) => 400 + 20 * i).map((p) => ({ ...p, t: p.t + 23 * HOUR })) };
      const image = await decode(renderLineChart(latencySpec({ forecast })));
      expect(total(rowCounts(image, chartTheme.forecast))).toBeGreaterThan(100);
    });
  });

  describe('with nothing to draw', () => {
    it('renders series without points, and no series at all, without throwing', async () => {
      const empty = renderLineChart(latencySpec({ series: [{ label: 'p99 latency', points: [] }], threshold: { value: 500, label: 'limit' } }));
      const none = renderLineChart(latencySpec({ series: [] }));
      expect((await decode(empty)).width).toBe(800);
      expect((await decode(none)).height).toBe(400);
    });

    it('renders a single point and skips points that are not numbers', async () => {
      const png = renderLineChart(latencySpec({ series: [{ label: 'p99', points: [{ t: T0, v: 120 }, { t: T0 + HOUR, v: Number.NaN }] }] }));
      expect(ihdrSize(png)).toEqual({ width: 800, height: 400 });
      await decode(png);
    });
  });

  it('refuses a size it cannot draw legibly', () => {
    expect(() => renderLineChart(latencySpec({ width: 10 }))).toThrow(RangeError);
    expect(() => renderLineChart(latencySpec({ height: 400.5 }))).toThrow(RangeError);
  });
});

describe('the time axis', () => {
  it('puts ticks on whole UTC hours and dates the first and each new day', () => {
    const ticks = timeTicks(T0 + 30 * 60_000, T0 + 30 * HOUR, 6);
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-01T06:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T18:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-03-02T06:00:00.000Z',
    ]);
    const labels = ticks.map((t, i) => timeLabel(t, ticks[i - 1], 6 * HOUR));
    expect(labels).toEqual([['06:00', 'Mar 1'], '12:00', '18:00', ['00:00', 'Mar 2'], '06:00']);
  });

  it('labels ticks a day or more apart with the date alone', () => {
    const ticks = timeTicks(T0, T0 + 6 * 24 * HOUR, 7);
    expect(ticks.map((t, i) => timeLabel(t, ticks[i - 1], 24 * HOUR))).toEqual(['Mar 1', 'Mar 2', 'Mar 3', 'Mar 4', 'Mar 5', 'Mar 6', 'Mar 7']);
  });
});

describe('the chart font', () => {
  it('falls back to the system’s sans-serif when no font file can be registered', () => {
    const notAFont = fileURLToPath(new URL('../../package.json', import.meta.url));
    expect(registerChartFont(['/nonexistent/DejaVuSans.ttf', notAFont])).toBe('sans-serif');
  });
});
