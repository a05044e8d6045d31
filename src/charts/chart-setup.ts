import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Title } from 'chart.js';
import { registerChartFont } from './fonts.ts';

/*
 * The one place chart.js is configured. Charts import the tree-shakeable build and register
 * only what a line chart over linear axes needs: no time scale (no date adapter), no
 * tooltip or filler (nothing interactive is drawn into a PNG).
 */

let fontFamily: string | undefined;

/** Registers chart.js's parts and the chart font, once per process; returns the font family. */
export function setUpCharts(): string {
  if (fontFamily === undefined) {
    Chart.register(LineController, LineElement, PointElement, LinearScale, Title, Legend);
    fontFamily = registerChartFont();
  }
  return fontFamily;
}

export { Chart };
