import type { Redis } from 'ioredis';

/** A decision on the current value: `next` to store (or none), and what to tell the caller. */
export interface Transition<V, T> {
  next?: V;
  result: T;
}

// Compare-and-set on the revision: the write lands only if nobody wrote since we read.
// Revision "0" means "absent": the first write creates the record.
const CAS = `
local rev = redis.call('HGET', KEYS[1], 'rev') or '0'
if rev ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'json', ARGV[3])
if tonumber(ARGV[4]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) end
return 1
`;

/** How many times a transition re-reads after losing a race before giving up. */
const MAX_ATTEMPTS = 50;

/**
 * Atomic read-decide-write of one JSON record in a Redis hash (`rev`, `json`): read with its
 * revision, decide in pure code, write with a compare-and-set on the revision; a writer that
 * lost the race decides again on the new value. (WATCH/MULTI would need a connection per
 * transition: WATCH is per connection, and the shared connection serves everything else.)
 * `decide` may run more than once: keep it pure. It gets undefined when the record is absent
 * unless `mustExist`, in which case the result is undefined.
 */
export async function casTransition<V, T>(
  redis: Redis,
  key: string,
  decide: (current: V | undefined) => Transition<V, T>,
  options: { ttlSeconds?: number; mustExist?: boolean } = {},
): Promise<T | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const [rev, json] = await redis.hmget(key, 'rev', 'json');
    if (options.mustExist && (!rev || !json)) return undefined;
    const { next, result } = decide(json ? (JSON.parse(json) as V) : undefined);
    if (next === undefined) return result;
    const written = await redis.eval(CAS, 1, key, rev ?? '0', String(Number(rev ?? '0') + 1), JSON.stringify(next), String(options.ttlSeconds ?? 0));
    if (Number(written) === 1) return result;
  }
  throw new Error(`${key}: too much contention, gave up after ${MAX_ATTEMPTS} attempts`);
}

export async function readRecord<V>(redis: Redis, key: string): Promise<V | undefined> {
  const json = await redis.hget(key, 'json');
  return json ? (JSON.parse(json) as V) : undefined;
}
