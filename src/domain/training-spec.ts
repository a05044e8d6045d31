import type { TrainingRecipe } from '../config.ts';
import type { TrainingJobSpec } from './training.ts';

export interface TrainingOverrides {
  instanceType?: string;
  instanceCount?: number;
  maxRuntimeMs?: number;
}

/**
 * Builds the CreateTrainingJob request from a recipe and the user's overrides. The name is
 * given (derived from the job id) so that a retried job asks for the same training job.
 */
export function buildTrainingSpec(args: {
  name: string;
  recipeName: string;
  recipe: TrainingRecipe;
  roleArn: string;
  overrides: TrainingOverrides;
  hyperparameters: Record<string, string>;
  requester: string;
  jobId: string;
}): TrainingJobSpec {
  const { recipe, overrides } = args;
  return {
    name: args.name,
    image: recipe.image,
    roleArn: args.roleArn,
    instanceType: overrides.instanceType ?? recipe.instanceType,
    instanceCount: overrides.instanceCount ?? recipe.instanceCount,
    volumeSizeGb: recipe.volumeSizeGb,
    inputs: { ...recipe.inputs },
    output: recipe.output,
    hyperparameters: { ...recipe.hyperparameters, ...args.hyperparameters },
    metricDefinitions: recipe.metricDefinitions,
    maxRuntimeSeconds: Math.ceil((overrides.maxRuntimeMs ?? recipe.maxRuntime) / 1_000),
    tags: {
      'chatops:recipe': args.recipeName,
      'chatops:requester': args.requester,
      'chatops:job-id': args.jobId,
    },
  };
}
