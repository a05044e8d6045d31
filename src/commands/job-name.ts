import { SAGEMAKER_NAME } from '../domain/naming.ts';
import type { CommandSpec } from './spec.ts';
import { shown, usageError, wordsOnly } from './spec.ts';
import type { Token } from './tokenize.ts';

/** Parses the single `<job>` argument shared by `status` and `stop`. */
export function parseJobName(spec: Pick<CommandSpec, 'usage' | 'name'>, args: readonly Token[]): string {
  const words = wordsOnly(spec, args);
  if (words.length === 0) throw usageError(spec, 'Which training job? Give its name, as shown by `/sm jobs`.');
  if (words.length > 1) throw usageError(spec, `\`/sm ${spec.name}\` takes one training job name; got ${words.length} words.`);
  const job = words[0]!;
  if (!SAGEMAKER_NAME.test(job)) {
    throw usageError(spec, `${shown(job)} is not a SageMaker training job name: those are 1–63 letters, digits and hyphens, starting and ending with a letter or digit.`);
  }
  return job;
}
