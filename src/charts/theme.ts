/*
 * Colours for charts posted to Slack. The image is opaque white with a light grey border,
 * so it reads the same in Slack's light theme and on its dark background (#1a1d21): every
 * colour below only has to contrast with white. Each line colour has a contrast ratio of at
 * least 4.5:1 against white (WCAG AA for text, more than lines need).
 *
 * Red is kept for thresholds alone, so a reader (and the tests) can tell the limit from the
 * data at a glance; no series colour is close to it.
 */
export const chartTheme = {
  background: '#ffffff',
  border: '#c9ced6',
  text: '#1d1c1d',
  mutedText: '#454a53',
  grid: '#e3e6ea',
  axis: '#8a9099',
  threshold: '#d40000',
  /** The forecast is dashed and of its own colour, so it never reads as measured data. */
  forecast: '#6b3fa0',
  series: ['#1a5fb4', '#a24e00', '#1e7a34', '#00707a', '#7a5c00', '#4a4f57', '#b0006a', '#3d3da8'],
} as const;

/** The colour of the n-th series (cycling when there are more series than colours). */
export function seriesColour(index: number): string {
  const { series } = chartTheme;
  return series[index % series.length] ?? series[0];
}
