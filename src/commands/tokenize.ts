/*
 * The `/sm` tokenizer: words and `key=value` pairs, values optionally double-quoted
 * (`note="two words"`). Pure: no I/O.
 */

export type Token =
  | { kind: 'word'; value: string; raw: string }
  | { kind: 'pair'; key: string; value: string; raw: string };

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: string };

/**
 * Undoes what Slack does to slash-command text: it wraps auto-detected links as
 * `<https://x|label>` and escapes `&`, `<`, `>` as entities. Links come back as the text
 * the user typed; mentions (`<@U…>`, `<#C…>`, `<!here>`) are left alone. Markup is
 * unwrapped before entities are decoded, so a typed `&lt;` cannot forge markup.
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(/<((?:[a-z][a-z0-9+.-]*):[^<>|]*)(?:\|([^<>]*))?>/gi, (_, url: string, label?: string) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// Slack's editor and phones turn straight quotes into curly ones; treat them alike.
const QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e', '\u201f', '\u2033']);
// Zero-width characters pasted from elsewhere would silently change names.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Splits decoded text into tokens. Whitespace (any amount, any kind) separates tokens
 * unless quoted; quotes are removed; the first unquoted `=` splits key from value.
 */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  const input = text.replace(INVISIBLE, '');
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let key: string | undefined;
    let quoted = false;
    let quoteStart = -1;
    for (; i < input.length; i++) {
      const ch = input[i]!;
      if (QUOTES.has(ch)) {
        quoted = !quoted;
        quoteStart = i;
      } else if (!quoted && /\s/.test(ch)) {
        break;
      } else if (!quoted && ch === '=' && key === undefined) {
        key = value;
        value = '';
      } else {
        value += ch;
      }
    }
    if (quoted) return { ok: false, error: `The quote opened at \`${input.slice(quoteStart, quoteStart + 20)}\` is never closed.` };
    const raw = input.slice(start, i);
    if (key === undefined) tokens.push({ kind: 'word', value, raw });
    else if (key === '') return { ok: false, error: `\`${raw}\` has no key: write \`key=value\` with no spaces around \`=\`.` };
    else tokens.push({ kind: 'pair', key, value, raw });
  }
  return { ok: true, tokens };
}
