import { parseDuration } from '../../domain/duration.ts';
import { parseScenarioInput, type ScenarioCommand } from './scenario-input.ts';

/*
 * What the sandbox user typed, as a command for the REPL. `/sm …` goes to the bot as a
 * slash command; everything else drives the sandbox itself. Pure.
 */

export type ReplInput =
  | { kind: 'empty' }
  | { kind: 'slash'; command: string; text: string }
  | { kind: 'as'; who: string }
  | { kind: 'users' }
  | { kind: 'help' }
  | { kind: 'press'; button: number }
  | { kind: 'clock'; advanceMs?: number; speed?: number }
  | { kind: 'fail-training'; reason?: string }
  | { kind: 'rollback-update'; endpoint?: string }
  | { kind: 'scenario'; command: ScenarioCommand }
  | { kind: 'submit'; text?: string }
  | { kind: 'cancel' }
  | { kind: 'quit' }
  | { kind: 'invalid'; message: string };

const invalid = (message: string): ReplInput => ({ kind: 'invalid', message });

export function parseReplInput(line: string): ReplInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith('/')) {
    const match = /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text);
    if (!match) return invalid(`Not a slash command: ${text}`);
    return { kind: 'slash', command: (match[1] ?? '').toLowerCase(), text: (match[2] ?? '').trim() };
  }
  const [word = '', ...rest] = text.split(/\s+/);
  const args = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'as':
      return args ? { kind: 'as', who: args.replace(/^@/, '') } : invalid('Usage: as <user>  (an id such as U0ALICE or a name such as alice; `users` lists them)');
    case 'users':
    case 'who':
      return { kind: 'users' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'press':
    case 'click':
      return pressInput(args);
    case 'clock':
      return clockInput(rest);
    case 'fail':
      return failInput(rest);
    case 'rollback':
      return rollbackInput(rest);
    case 'scenario':
    case 'scenarios': {
      const parsed = parseScenarioInput(rest);
      return parsed.ok ? { kind: 'scenario', command: parsed.command } : invalid(parsed.message);
    }
    case 'submit': {
      // The reason is kept as typed: spacing and case are the user's.
      const typed = text.slice(word.length).trim();
      return typed ? { kind: 'submit', text: typed } : { kind: 'submit' };
    }
    case 'cancel':
    case 'close':
      return { kind: 'cancel' };
    case 'quit':
    case 'exit':
    case 'q':
      return { kind: 'quit' };
    default:
      if (/^\d+$/.test(text)) return pressInput(text);
      if (text.startsWith('sm ')) return invalid(`Commands to the bot start with a slash: /${text}`);
      return invalid(`Unknown command: ${text}. Type \`help\` for the sandbox commands, or \`/sm help\` for the bot's.`);
  }
}

function pressInput(args: string): ReplInput {
  const n = Number(args.replace(/^\[|\]$/g, ''));
  return Number.isInteger(n) && n > 0 ? { kind: 'press', button: n } : invalid('Usage: press <n>  (the number shown on a button, as in [1 Stop training])');
}

const CLOCK_USAGE = 'Usage: clock [+<duration>] [speed <n>]  (e.g. clock +10m, clock speed 60; plain `clock` shows the time)';

function clockInput(words: string[]): ReplInput {
  let advanceMs: number | undefined;
  let speed: number | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (word === 'speed' || word.startsWith('speed=') || word.endsWith('x') || word.endsWith('×')) {
      const raw = word === 'speed' ? words[(i += 1)] : word.replace(/^speed=/, '').replace(/[x×]$/, '');
      const value = Number(raw);
      if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) return invalid(CLOCK_USAGE);
      speed = value;
      continue;
    }
    const ms = parseDuration(word.replace(/^\+/, ''));
    if (!word.startsWith('+') && !/^\d/.test(word)) return invalid(CLOCK_USAGE);
    if (ms === undefined || ms <= 0) return invalid(CLOCK_USAGE);
    advanceMs = (advanceMs ?? 0) + ms;
  }
  return { kind: 'clock', ...(advanceMs !== undefined ? { advanceMs } : {}), ...(speed !== undefined ? { speed } : {}) };
}

function failInput(words: string[]): ReplInput {
  const [first = '', second = '', ...reason] = words.map((w, i) => (i < 2 ? w.toLowerCase() : w));
  if (first === 'next' && (second === 'training' || second === 'train')) {
    return { kind: 'fail-training', ...(reason.length > 0 ? { reason: reason.join(' ') } : {}) };
  }
  return invalid('Usage: fail next training [reason…]  (the next training job fails halfway through training)');
}

function rollbackInput(words: string[]): ReplInput {
  const [first = '', second = '', endpoint, ...extra] = words;
  if (first.toLowerCase() === 'next' && second.toLowerCase() === 'update' && extra.length === 0) {
    return { kind: 'rollback-update', ...(endpoint ? { endpoint } : {}) };
  }
  return invalid('Usage: rollback next update [endpoint]  (the next endpoint update rolls back: an alarm fires during the bake; `/sm rollback …` is the bot\'s command)');
}
