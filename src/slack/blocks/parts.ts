import { escapeMrkdwn } from './escape.ts';
import type { ContextBlock, HeaderBlock, Mrkdwn, SectionBlock } from './types.ts';

/*
 * Small pieces the builders share. Text passed to `mrkdwn` must already be escaped;
 * verbatim stops Slack from turning typed names or URLs into links on its own.
 */

export function mrkdwn(text: string): Mrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** `*Label*\nvalue` for section fields; `value` must already be escaped. */
export function field(label: string, value: string): Mrkdwn {
  return mrkdwn(`*${label}*\n${value}`);
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** A mention of a validated Slack user id; anything else is shown as escaped text, never as markup. */
export function userMention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A link to a validated Slack channel id, else undefined. */
export function channelMention(channelId: string | undefined): string | undefined {
  return channelId !== undefined && CHANNEL_ID.test(channelId) ? `<#${channelId}>` : undefined;
}

/** A UTC timestamp for fallback text: `2026-01-01 09:30 UTC`. */
export function utcTime(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown time';
}

/** A date Slack shows in each reader's own time zone, with a UTC fallback. */
export function slackDate(ms: number, format = '{date_short_pretty} {time}'): string {
  if (!Number.isFinite(ms)) return 'unknown time';
  return `<!date^${Math.floor(ms / 1_000)}^${format}|${utcTime(ms)}>`;
}

/**
 * Packs lines into as few sections as possible, each within `max` characters; a single
 * line longer than `max` gets a section of its own (fit() then cuts it).
 */
export function sectionsFromLines(lines: readonly string[], max = 3_000): SectionBlock[] {
  const sections: SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > max) {
      sections.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push(section(current));
  return sections;
}
