/*
 * Terminal styles. With colour off every style is the identity, so the same rendering code
 * produces plain text for pipes, files and tests. Pure.
 */

export interface Styles {
  readonly enabled: boolean;
  bold(text: string): string;
  italic(text: string): string;
  underline(text: string): string;
  strike(text: string): string;
  /** Secondary text (Block Kit context, notices). Grey rather than SGR 2: bold inside it would end "dim" too. */
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => (text ? `\x1b[${open}m${text}\x1b[${close}m` : text);
const identity = (text: string) => text;

export function createStyles(enabled: boolean): Styles {
  if (!enabled) {
    return { enabled, bold: identity, italic: identity, underline: identity, strike: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity, magenta: identity };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    italic: sgr(3, 23),
    underline: sgr(4, 24),
    strike: sgr(9, 29),
    dim: sgr(90, 39),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}

// eslint-disable-next-line no-control-regex -- matching the escape sequences is the point
const SGR = /\x1b\[[0-9;]*m/g;

/** The text without colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}

/** Columns the text takes, ignoring colour codes (code points; wide emoji count as one). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Pads with spaces to `width` visible columns. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}
