import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

/** The family name charts ask for; registered under this name when a font file is found. */
export const CHART_FONT_FAMILY = 'ChartSans';

/** What the canvas falls back to: whatever the system resolves, possibly no font at all. */
const FALLBACK_FAMILY = 'sans-serif';

/**
 * Font files tried in order. A bare server's canvas may find no font on its own, and a
 * chart without text is useless, so one is registered explicitly rather than trusting
 * whatever fontconfig finds. DejaVu Sans ships with most Linux images (Debian's
 * fonts-dejavu-core); the others cover Alpine, RHEL and macOS.
 */
export const FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/ttf-dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/Library/Fonts/Arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
];

/**
 * Registers the first readable font file of `candidates` and returns the CSS font-family
 * list to draw with. When none can be registered it returns the system fallback: the chart
 * still renders (its text may then be missing) and nothing throws.
 */
export function registerChartFont(candidates: readonly string[] = FONT_CANDIDATES): string {
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    // registerFromPath answers null, without throwing, for a file it cannot read as a font.
    if (GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY)) return `${CHART_FONT_FAMILY}, ${FALLBACK_FAMILY}`;
  }
  return FALLBACK_FAMILY;
}
