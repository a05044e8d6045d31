import { createHash } from 'node:crypto';

/*
 * Deterministic names (DESIGN.md, "At-least-once, applied once"): the same Slack request
 * always yields the same BullMQ job id, and the same job id always yields the same
 * SageMaker name, so a retried job finds the resource it already created instead of
 * creating a second one. Nothing here reads the clock. Pure: hashing is not I/O.
 */

/** SageMaker's rule for training job (and most resource) names. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const SAGEMAKER_NAME_MAX = 63;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case RFC 4648 base32 (no padding) of the SHA-256 of `input`, cut to `length` chars. */
export function hashId(input: string, length: number): string {
  const digest = createHash('sha256').update(input).digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

const KIND = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * A BullMQ job id for one user request: `<kind>-<20 base32 chars>` (100 bits of SHA-256 of
 * kind and trigger id). Contains no ':' (BullMQ reserves it in custom ids), so a Slack
 * retry of the same request maps to the same job and BullMQ enqueues nothing new.
 * @param kind a lower-case job kind such as `train` or `stop`
 * @param triggerId what identifies the request: Slack's trigger_id, or another unique id
 */
export function requestJobId(kind: string, triggerId: string): string {
  if (!KIND.test(kind)) throw new RangeError(`job kind must match ${KIND}, got ${JSON.stringify(kind)}`);
  if (triggerId.length === 0) throw new RangeError('trigger id must not be empty');
  return `${kind}-${hashId(`${kind}\n${triggerId}`, 20)}`;
}

/** Reduces free text to characters SageMaker accepts, hyphen-separated, at most `max` long. */
function slug(text: string, max: number): string {
  return text
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/**
 * The SageMaker training job name for a request: `<recipe>-<12 base32 chars of the job id>`,
 * at most 63 characters and valid for SageMaker, derived only from its arguments so a
 * retried job derives the same name. 60 bits of hash keep two requests from colliding.
 */
export function trainingJobName(recipe: string, jobId: string): string {
  const hash = hashId(`training\n${jobId}`, 12);
  const prefix = slug(recipe, SAGEMAKER_NAME_MAX - hash.length - 1);
  return prefix ? `${prefix}-${hash}` : hash;
}
