import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import type { Tag } from './training-jobs.ts';

/*
 * What the deployment resources (model packages, models, endpoint configs, endpoints)
 * share: ARNs, tags, and the image digests SageMaker resolves a tag to.
 */

/** SageMaker lower-cases resource names in ARNs, so names differing only in case collide. */
export function resourceArn(ctx: Pick<OperationContext, 'region' | 'accountId'>, type: string, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:${type}/${name.toLowerCase()}`;
}

/**
 * The digest an image tag "resolves" to: a hash of the image URI, so the same image gives
 * the same digest in model packages and in DescribeEndpoint's DeployedImages.
 */
export function imageDigest(image: string): string {
  const pinned = /@(sha256:[0-9a-f]{64})$/.exec(image);
  return pinned?.[1] ?? `sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** `repo@sha256:…`: the image as SageMaker resolved it at deployment time. */
export function resolvedImage(image: string): string {
  if (image.includes('@')) return image;
  const repository = image.replace(/:[^:/]+$/, '');
  return `${repository}@${imageDigest(image)}`;
}

/** Validates the `Tags` member of a request and returns a copy of the tags. */
export function readTags(v: Violations, value: JsonValue | undefined): Tag[] {
  const tags = v.array('tags', value, { max: 50 }) ?? [];
  const out: Tag[] = [];
  tags.forEach((tag, i) => {
    const t = v.object(`tags.${i + 1}.member`, tag, { required: true });
    if (!t) return;
    v.string(`tags.${i + 1}.member.key`, t['Key'], { required: true, maxLength: 128 });
    v.string(`tags.${i + 1}.member.value`, t['Value'], { required: true, maxLength: 256 });
    if (typeof t['Key'] === 'string' && typeof t['Value'] === 'string') out.push({ Key: t['Key'], Value: t['Value'] });
  });
  return out;
}

/** Copies the members of `request` that are present (a describe output echoes what was sent). */
export function present(request: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) {
    const value = request[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
