import { parseFraction } from '../../domain/duration.ts';

/*
 * `scenario …`: what the sandbox user asked the emulated AWS to do to the watched world.
 * Endpoint and budget may be left out (the sandbox's watched ones are used). Pure.
 */

export type ScenarioCommand =
  | { kind: 'latency'; endpoint?: string; p99Ms?: number }
  | { kind: 'errors'; endpoint?: string; rate?: number }
  | { kind: 'drift'; endpoint?: string; feature?: string }
  | { kind: 'idle'; endpoint?: string }
  | { kind: 'spend'; percent: number; budget?: string }
  | { kind: 'clear' }
  | { kind: 'list' };

export type ScenarioParse = { ok: true; command: ScenarioCommand } | { ok: false; message: string };

export const SCENARIO_USAGE = [
  'scenario latency [endpoint] [1500ms]   p99 model latency spikes',
  'scenario errors [endpoint] [5%]        5xx errors on a share of the invocations',
  'scenario drift [endpoint] [feature]    Model Monitor finds a feature drifting',
  'scenario idle [endpoint]               no traffic for the idle days',
  'scenario spend 80 [budget]             actual spend jumps to 80% of the limit',
  'scenario clear                         end every active scenario, so alerts resolve',
  'scenario                               list the active scenarios',
];

const usage = (what: string): ScenarioParse => ({ ok: false, message: `${what}\nUsage:\n  ${SCENARIO_USAGE.join('\n  ')}` });

/** `1500`, `1500ms`, `1.5s` → ms. */
function parseMs(word: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/i.exec(word);
  if (!match) return undefined;
  const value = Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1_000 : 1);
  return value > 0 ? value : undefined;
}

/** The endpoint (a word that is not the number) and the number, in either order. */
function endpointAndNumber<T>(words: readonly string[], parse: (word: string) => T | undefined): { endpoint?: string; value?: T } | undefined {
  if (words.length > 2) return undefined;
  let endpoint: string | undefined;
  let value: T | undefined;
  for (const word of words) {
    const parsed = /^\d/.test(word) ? parse(word) : undefined;
    if (parsed !== undefined && value === undefined) value = parsed;
    else if (/^\d/.test(word) || endpoint !== undefined) return undefined;
    else endpoint = word;
  }
  return { ...(endpoint !== undefined ? { endpoint } : {}), ...(value !== undefined ? { value } : {}) };
}

/** Parses the words after `scenario`. */
export function parseScenarioInput(words: readonly string[]): ScenarioParse {
  const [kind = '', ...rest] = words;
  switch (kind.toLowerCase()) {
    case '':
    case 'list':
      return { ok: true, command: { kind: 'list' } };
    case 'clear':
    case 'end':
    case 'stop':
      return rest.length === 0 ? { ok: true, command: { kind: 'clear' } } : usage('`scenario clear` ends every active scenario; it takes nothing after it.');
    case 'latency':
    case 'slow': {
      const got = endpointAndNumber(rest, parseMs);
      if (!got) return usage('Give an endpoint and a p99 latency such as 1500ms.');
      return { ok: true, command: { kind: 'latency', ...(got.endpoint ? { endpoint: got.endpoint } : {}), ...(got.value !== undefined ? { p99Ms: got.value } : {}) } };
    }
    case 'errors':
    case 'error':
    case '5xx': {
      const got = endpointAndNumber(rest, (word) => {
        const rate = parseFraction(word);
        return rate !== undefined && rate > 0 ? rate : undefined;
      });
      if (!got) return usage('Give an endpoint and an error rate such as 5% or 0.05.');
      return { ok: true, command: { kind: 'errors', ...(got.endpoint ? { endpoint: got.endpoint } : {}), ...(got.value !== undefined ? { rate: got.value } : {}) } };
    }
    case 'drift': {
      if (rest.length > 2) return usage('Give an endpoint and a feature name.');
      const [endpoint, feature] = rest;
      return { ok: true, command: { kind: 'drift', ...(endpoint ? { endpoint } : {}), ...(feature ? { feature } : {}) } };
    }
    case 'idle': {
      if (rest.length > 1) return usage('Give one endpoint.');
      return { ok: true, command: { kind: 'idle', ...(rest[0] ? { endpoint: rest[0] } : {}) } };
    }
    case 'spend':
    case 'budget':
    case 'cost': {
      const [raw = '', budget, ...extra] = rest;
      const percent = Number(raw.replace(/%$/, ''));
      if (!raw || !Number.isFinite(percent) || percent <= 0 || percent > 1_000 || extra.length > 0) return usage('Give the percentage of the budget’s limit that actual spend jumps to, such as 80.');
      return { ok: true, command: { kind: 'spend', percent, ...(budget ? { budget } : {}) } };
    }
    default:
      return usage(`There is no scenario “${kind}”.`);
  }
}
