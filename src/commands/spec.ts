import type { RoleName, TeamConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import type { Token } from './tokenize.ts';

/**
 * One `/sm` sub-command: its grammar, help text and the role it needs. Each lives in its
 * own file and is listed once in registry.ts.
 */
export interface CommandSpec<C extends { kind: string } = { kind: string }> {
  name: C['kind'];
  /** One line, e.g. `/sm status <job>`. */
  usage: string;
  /** One sentence for the overview. */
  summary: string;
  /** The text of `/sm help <name>` (mrkdwn, not yet escaped). */
  details(team: TeamConfig): string;
  /** The role a caller must hold. */
  role: RoleName;
  /** What the command does, in words that follow "to" (for "You need the X role to …"). */
  action: string;
  /** Turns the arguments after the sub-command name into a command; throws UsageError. */
  parse(args: readonly Token[], team: TeamConfig): C;
}

/** A UsageError carrying the usage line of `spec`. */
export function usageError(spec: Pick<CommandSpec, 'usage'>, message: string, suggestion?: string): UsageError {
  return new UsageError(message, spec.usage, suggestion);
}

/** `a`, `b` and `c` — names as a readable list in code spans. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** Shows user text inside an error message, shortened so a pasted novel stays readable. */
export function shown(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return `\`${short.replace(/`/g, "'")}\``;
}

/** Rejects `key=value` pairs for sub-commands that take only words. */
export function wordsOnly(spec: Pick<CommandSpec, 'usage' | 'name'>, args: readonly Token[]): string[] {
  return args.map((token) => {
    if (token.kind === 'pair') throw usageError(spec, `\`/sm ${spec.name}\` takes no key=value options; got ${shown(token.raw)}.`);
    return token.value;
  });
}
