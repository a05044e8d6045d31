/*
 * User text and AWS text are escaped before they reach mrkdwn. Slack gives meaning to
 * `<…>` (mentions such as `<!channel>` and `<@U123>`, links `<http://x|y>`) and to
 * entities, so escaping `&`, `<` and `>` is enough to keep text from pinging anyone or
 * becoming a link; formatting characters (`*`, `_`, `~`, `` ` ``) are left alone, since
 * at worst they restyle the text. Pure.
 */

/** Escapes `&`, `<`, `>` as Slack asks; `&` first so entities are not double-decoded. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text inside an inline code span (a backtick cannot be escaped there). */
export function code(text: string): string {
  const inner = escapeMrkdwn(text).replace(/`/g, "'");
  return inner.length > 0 ? `\`${inner}\`` : '``';
}

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 units, ending with `…`, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return text.slice(0, Math.max(0, cut)) + ELLIPSIS;
}

/**
 * Like truncate, for mrkdwn that is already escaped: never cuts inside an entity
 * (`&amp;`) or a `<…>` mention, link or date, and closes a ``` block left open.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const fence = '\n```';
  let cut = Math.max(0, max - ELLIPSIS.length);
  for (;;) {
    cut = safeCut(text, cut);
    const kept = text.slice(0, cut);
    const open = (kept.match(/```/g)?.length ?? 0) % 2 === 1;
    if (!open) return kept + ELLIPSIS;
    if (cut + ELLIPSIS.length + fence.length <= max) return kept + ELLIPSIS + fence;
    cut = Math.max(0, max - ELLIPSIS.length - fence.length);
    if (cut === 0) return truncate(text, max);
  }
}

function safeCut(text: string, cut: number): number {
  let at = cut;
  if (at > 0 && isHighSurrogate(text.charCodeAt(at - 1))) at--;
  const amp = text.lastIndexOf('&', at - 1);
  if (amp >= 0 && at - amp <= 8 && !text.slice(amp, at).includes(';') && /^&[a-z#0-9]*;/.test(text.slice(amp, amp + 10))) at = amp;
  const lt = text.lastIndexOf('<', at - 1);
  if (lt >= 0 && text.indexOf('>', lt) >= at) at = lt;
  return at;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
