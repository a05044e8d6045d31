import type { Styles } from './ansi.ts';
import { emojify } from './emoji.ts';

/*
 * Slack mrkdwn → terminal text: entities unescaped, `<@U…>` as @name, `<#C…>` as #name,
 * dates as their fallback text, links as "label (url)", *bold* _italic_ ~strike~ and code
 * styled (or left readable when colour is off), `>` quotes as a bar, emoji shortcodes as
 * emoji. Pure.
 */

/** Names to show for ids that appear in messages. */
export interface Directory {
  /** User id → display name. */
  users?: ReadonlyMap<string, string>;
  /** Channel id → name (without #). */
  channels?: ReadonlyMap<string, string>;
  /** User group id → handle (without @). */
  usergroups?: ReadonlyMap<string, string>;
}

export interface MrkdwnContext extends Directory {
  styles: Styles;
}

/** Reverses Slack's escaping; `&amp;` last so `&amp;lt;` stays the text "&lt;". */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` entity as the reader sees it. */
export function renderEntity(inner: string, ctx: MrkdwnContext): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? unescapeEntities(inner.slice(bar + 1)) : undefined;
  const { styles } = ctx;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return styles.cyan(`@${ctx.users?.get(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return styles.cyan(`#${ctx.channels?.get(id) ?? label ?? id}`);
  }
  if (target.startsWith('!')) {
    const [kind = '', id = ''] = target.slice(1).split('^');
    if (kind === 'here' || kind === 'channel' || kind === 'everyone') return styles.cyan(`@${kind}`);
    if (kind === 'subteam') return styles.cyan(`@${ctx.usergroups?.get(id) ?? label?.replace(/^@/, '') ?? id}`);
    if (kind === 'date') return label ?? id;
    return label ?? kind;
  }
  const url = unescapeEntities(target);
  if (label === undefined || label === url) return styles.underline(url);
  return `${styles.underline(label)} ${styles.dim(`(${url})`)}`;
}

function codeBlock(body: string, styles: Styles): string {
  const trimmed = body.replace(/^\n/, '').replace(/\n$/, '');
  return unescapeEntities(trimmed)
    .split('\n')
    .map((line) => (styles.enabled ? `  ${styles.dim('│')} ${line}` : `    ${line}`))
    .join('\n');
}

/** `*bold*`, `_italic_`, `~strike~` with Slack's rule: markers at word edges only. */
function emphasis(text: string, marker: string, style: (text: string) => string): string {
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(`(^|[^\\w${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\w${m}])`, 'gm');
  return text.replace(pattern, (_match, before: string, inner: string) => `${before}${style(inner)}`);
}

// Placeholders use private-use characters, which never occur in the bot's text.
const HOLE = /\uE000(\d+)\uE001/g;

export function renderMrkdwn(text: string, ctx: MrkdwnContext): string {
  const { styles } = ctx;
  // Code and entities are set aside first, so formatting inside them is not applied.
  const held: string[] = [];
  const hold = (rendered: string) => `\uE000${held.push(rendered) - 1}\uE001`;
  let out = text.replace(/```([\s\S]*?)```/g, (_match, body: string, offset: number, whole: string) => {
    const before = offset > 0 && whole[offset - 1] !== '\n' ? '\n' : '';
    const next = whole[offset + _match.length];
    const after = next !== undefined && next !== '\n' ? '\n' : '';
    return before + hold(codeBlock(body, styles)) + after;
  });
  out = out.replace(/`([^`\n]+)`/g, (_match, body: string) => hold(styles.enabled ? styles.yellow(unescapeEntities(body)) : `\`${unescapeEntities(body)}\``));
  out = out.replace(/<([^<>\n]+)>/g, (_match, inner: string) => hold(renderEntity(inner, ctx)));
  out = emojify(out);
  out = emphasis(out, '*', styles.enabled ? styles.bold : (s) => s);
  out = emphasis(out, '_', styles.enabled ? styles.italic : (s) => s);
  out = emphasis(out, '~', styles.enabled ? styles.strike : (s) => `~${s}~`);
  // A literal `>` opening a line quotes it; user text arrives escaped (`&gt;`), so it cannot fake one.
  out = out.replace(/^>[ ]?/gm, () => `${styles.dim('│')} `);
  out = unescapeEntities(out);
  return out.replace(HOLE, (_match, index: string) => held[Number(index)] ?? '');
}

/** plain_text objects: only emoji are converted (Slack does so when `emoji` is true). */
export function renderPlainText(text: string, emoji = true): string {
  return emoji ? emojify(text) : text;
}
