import type { Chart, LegendItem, Plugin } from 'chart.js';
import { chartTheme } from './theme.ts';

export interface ThresholdLine {
  value: number;
  label: string;
}

/** The dash of the threshold line, shared with its legend entry. */
const DASH = [8, 5];
const LINE_WIDTH = 2;

/** Adds the threshold to the legend, drawn as the line itself (red, dashed). */
export function thresholdLegendItem(threshold: ThresholdLine): LegendItem {
  return {
    text: threshold.label,
    fillStyle: chartTheme.threshold,
    strokeStyle: chartTheme.threshold,
    fontColor: chartTheme.text,
    lineWidth: LINE_WIDTH,
    lineDash: DASH,
    pointStyle: 'line',
    hidden: false,
  };
}

/**
 * Draws a red dashed horizontal line across the plot at the threshold, over the data (a
 * breach must stay visible), with its label above the line at the right end, on a white
 * backdrop so that the lines under it do not cut through the text.
 */
export function thresholdPlugin(threshold: ThresholdLine, fontFamily: string): Plugin<'line'> {
  return {
    id: 'smThreshold',
    afterDatasetsDraw(chart: Chart<'line'>) {
      const y = chart.scales['y'];
      if (!y) return;
      const area = chart.chartArea;
      const py = Math.round(y.getPixelForValue(threshold.value)) + 0.5;
      if (!Number.isFinite(py) || py < area.top - 1 || py > area.bottom + 1) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = chartTheme.threshold;
      ctx.lineWidth = LINE_WIDTH;
      ctx.setLineDash(DASH);
      ctx.beginPath();
      ctx.moveTo(area.left, py);
      ctx.lineTo(area.right, py);
      ctx.stroke();

      ctx.setLineDash([]);
      ctx.font = `bold 13px ${fontFamily}`;
      const padding = 3;
      const width = ctx.measureText(threshold.label).width + 2 * padding;
      const height = 18;
      // Above the line, unless that would leave the plot; then below it.
      const top = py - height - 2 >= area.top ? py - height - 2 : py + 2;
      const left = area.right - width - 4;
      ctx.fillStyle = chartTheme.background;
      ctx.fillRect(left, top, width, height);
      ctx.fillStyle = chartTheme.threshold;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      ctx.fillText(threshold.label, left + padding, top + height / 2);
      ctx.restore();
    },
  };
}
