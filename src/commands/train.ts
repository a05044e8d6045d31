import type { TeamConfig, TrainingRecipe } from '../config.ts';
import { formatDuration, parseDuration } from '../domain/duration.ts';
import { suggest } from '../domain/suggest.ts';
import type { CommandSpec } from './spec.ts';
import { listNames, shown, usageError } from './spec.ts';
import type { Token } from './tokenize.ts';

export interface TrainCommand {
  kind: 'train';
  recipe: string;
  /** Only what the user overrode; the job fills the rest from the recipe. */
  overrides: { instanceType?: string; instanceCount?: number; maxRuntimeMs?: number };
  /** Only the hyperparameters the user overrode; each is declared by the recipe. */
  hyperparameters: Record<string, string>;
}

/** Keys that set the job rather than a hyperparameter. */
export const RESERVED_KEYS = ['instance', 'count', 'maxRuntime'] as const;
const MAX_COUNT = 100;
/** SageMaker caps MaxRuntimeInSeconds at 28 days. */
const MAX_RUNTIME_MS = 28 * 86_400_000;
const MAX_VALUE_LENGTH = 2_500;
const INSTANCE_TYPE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const trainCommand: CommandSpec<TrainCommand> = {
  name: 'train',
  usage: '/sm train <recipe> [instance=ml.m5.2xlarge] [count=2] [maxRuntime=2h] [<hyperparameter>=<value>…]',
  summary: 'Start a SageMaker training job from a recipe in the team config.',
  role: 'operator',
  action: 'start training jobs',
  details: trainDetails,
  parse: parseTrain,
};

function trainingRecipes(team: TeamConfig): [string, TrainingRecipe][] {
  return Object.entries(team.recipes).filter((entry): entry is [string, TrainingRecipe] => entry[1].kind === 'training');
}

function recipeNames(team: TeamConfig): string {
  const names = trainingRecipes(team).map(([name]) => name);
  return names.length > 0 ? `Recipes: ${listNames(names)}.` : 'No training recipes are configured: add one under `recipes` in the team config.';
}

function parseTrain(args: readonly Token[], team: TeamConfig): TrainCommand {
  const [first, ...rest] = args;
  if (!first || first.kind !== 'word') throw usageError(trainCommand, `Which recipe? ${recipeNames(team)}`);
  const recipeName = first.value;
  const recipe = trainingRecipes(team).find(([name]) => name === recipeName)?.[1];
  if (!recipe) {
    const suggestion = suggest(recipeName, trainingRecipes(team).map(([name]) => name));
    throw usageError(trainCommand, `There is no recipe ${shown(recipeName)}. ${recipeNames(team)}`, suggestion);
  }

  const command: TrainCommand = { kind: 'train', recipe: recipeName, overrides: {}, hyperparameters: {} };
  const declared = Object.keys(recipe.hyperparameters);
  const seen = new Set<string>();
  for (const token of rest) {
    if (token.kind === 'word') {
      throw usageError(trainCommand, `Unexpected ${shown(token.raw)}: after the recipe, give options as \`key=value\`.`);
    }
    const { key, value } = token;
    if (seen.has(key)) throw usageError(trainCommand, `\`${key}\` is given twice.`);
    seen.add(key);
    if (key === 'instance') command.overrides.instanceType = parseInstance(value);
    else if (key === 'count') command.overrides.instanceCount = parseCount(value);
    else if (key === 'maxRuntime') command.overrides.maxRuntimeMs = parseMaxRuntime(value);
    else if (Object.hasOwn(recipe.hyperparameters, key)) command.hyperparameters[key] = parseHyperparameter(key, value, recipe.hyperparameters[key]!);
    else {
      const known = declared.length > 0 ? `It declares ${listNames(declared)}` : 'It declares no hyperparameters';
      throw usageError(
        trainCommand,
        `Recipe \`${recipeName}\` has no hyperparameter ${shown(key)}. ${known}; the job options are ${listNames(RESERVED_KEYS)}.`,
        suggest(key, [...declared, ...RESERVED_KEYS]),
      );
    }
  }
  return command;
}

function parseInstance(value: string): string {
  if (!INSTANCE_TYPE.test(value)) throw usageError(trainCommand, `instance expects a SageMaker instance type such as \`ml.m5.2xlarge\`, got ${shown(value)}.`);
  return value;
}

function parseCount(value: string): number {
  const count = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(count >= 1 && count <= MAX_COUNT)) throw usageError(trainCommand, `count expects a whole number from 1 to ${MAX_COUNT}, got ${shown(value)}.`);
  return count;
}

function parseMaxRuntime(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw usageError(trainCommand, `maxRuntime expects a duration such as \`90m\`, \`2h\` or \`1h30m\`, got ${shown(value)}.`);
  if (ms < 1_000 || ms > MAX_RUNTIME_MS) throw usageError(trainCommand, `maxRuntime must be between 1s and 28d (SageMaker's limit), got ${shown(value)}.`);
  return ms;
}

function parseHyperparameter(key: string, value: string, declaredDefault: string): string {
  if (value.length === 0) throw usageError(trainCommand, `\`${key}\` has no value: write \`${key}=<value>\` with no spaces around \`=\`.`);
  if (value.length > MAX_VALUE_LENGTH) throw usageError(trainCommand, `\`${key}\` is ${value.length} characters long; SageMaker accepts at most ${MAX_VALUE_LENGTH}.`);
  if (CONTROL.test(value)) throw usageError(trainCommand, `\`${key}\` contains a control character.`);
  if (NUMBER.test(declaredDefault.trim()) && !NUMBER.test(value)) throw usageError(trainCommand, `${key} expects a number, got ${shown(value)}.`);
  return value;
}

function trainDetails(team: TeamConfig): string {
  const lines = [
    'The job is followed in the ops channel: one message kept up to date, and a thread line per change of state.',
    '',
    '*Options*',
    '• `instance=<type>`: instance type, e.g. `ml.m5.2xlarge` (default: the recipe’s)',
    `• \`count=<n>\`: number of instances, 1 to ${MAX_COUNT}`,
    '• `maxRuntime=<duration>`: stop the job after this long, e.g. `90m` or `2h` (at most `28d`)',
    '• `<hyperparameter>=<value>`: override a hyperparameter the recipe declares; quote values with spaces: `note="two words"`',
    '',
    '*Recipes*',
  ];
  const recipes = trainingRecipes(team);
  if (recipes.length === 0) lines.push('None configured yet: add one under `recipes` in the team config.');
  for (const [name, recipe] of recipes) {
    const about = recipe.description ? `: ${recipe.description}` : '';
    lines.push(`• \`${name}\`${about} (${recipe.instanceType} × ${recipe.instanceCount}, max runtime ${formatDuration(recipe.maxRuntime)})`);
    const hyperparameters = Object.entries(recipe.hyperparameters);
    lines.push(
      hyperparameters.length > 0
        ? `      hyperparameters: ${hyperparameters.map(([key, value]) => `\`${key}=${value}\``).join(', ')}`
        : '      no hyperparameters',
    );
  }
  return lines.join('\n');
}
