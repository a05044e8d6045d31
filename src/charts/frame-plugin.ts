import type { Chart, Plugin } from 'chart.js';
import { chartTheme } from './theme.ts';

/**
 * Paints the opaque background first and a light border last. A PNG with a transparent
 * background would show dark text on Slack's dark theme (#1a1d21); an opaque white card
 * with a border reads in both themes. With `emptyMessage`, writes it across the plot
 * (there was no data to draw).
 */
export function framePlugin(fontFamily: string, emptyMessage?: string): Plugin<'line'> {
  return {
    id: 'smFrame',
    beforeDraw(chart: Chart<'line'>) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = chartTheme.background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    afterDraw(chart: Chart<'line'>) {
      const { ctx, width, height, chartArea: area } = chart;
      ctx.save();
      if (emptyMessage) {
        ctx.fillStyle = chartTheme.mutedText;
        ctx.font = `14px ${fontFamily}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(emptyMessage, (area.left + area.right) / 2, (area.top + area.bottom) / 2);
      }
      ctx.strokeStyle = chartTheme.border;
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
      ctx.restore();
    },
  };
}
