import { SAGEMAKER_NAME } from '../domain/naming.ts';
import type { CommandSpec } from './spec.ts';
import { shown, usageError, wordsOnly } from './spec.ts';

export interface ModelsCommand {
  kind: 'models';
  /** A valid SageMaker model package group name. */
  group: string;
}

/** Checks a model package group name (SageMaker's name rule); shared with `deploy`. */
export function parseGroupName(spec: Pick<CommandSpec, 'usage'>, word: string): string {
  if (!SAGEMAKER_NAME.test(word)) {
    throw usageError(spec, `${shown(word)} is not a model package group name: those are 1–63 letters, digits and hyphens, starting and ending with a letter or digit.`);
  }
  return word;
}

export const modelsCommand: CommandSpec<ModelsCommand> = {
  name: 'models',
  usage: '/sm models <group>',
  summary: 'List the versions of a model package group, with metrics and where each is live.',
  role: 'viewer',
  action: 'see model packages',
  details: () =>
    'Lists the versions in a SageMaker model package group, newest first: version, registry approval status, when it was created and by which training job, the evaluation metrics the package carries, and which version is live on which stage.',
  parse(args) {
    const words = wordsOnly(modelsCommand, args);
    if (words.length === 0) throw usageError(modelsCommand, 'Which model package group? For example `/sm models churn`.');
    if (words.length > 1) throw usageError(modelsCommand, `\`/sm models\` takes one model package group; got ${words.length} words.`);
    const word = words[0]!;
    const at = word.indexOf('@');
    if (at > 0) {
      throw usageError(modelsCommand, `\`/sm models\` lists every version of a group: give the group alone, ${shown(word.slice(0, at))}.`, word.slice(0, at));
    }
    return { kind: 'models', group: parseGroupName(modelsCommand, word) };
  },
};
