import type { StageConfig, TeamConfig } from '../config.ts';
import { endpointNameFor, isValidResourceName } from '../domain/deploy-plan.ts';
import { formatDuration } from '../domain/duration.ts';
import { suggest } from '../domain/suggest.ts';
import { parseGroupName } from './models.ts';
import type { CommandSpec } from './spec.ts';
import { listNames, shown, usageError, wordsOnly } from './spec.ts';
import type { Token } from './tokenize.ts';

export interface DeployCommand {
  kind: 'deploy';
  /** A valid SageMaker model package group name. */
  group: string;
  /** The model package version; absent means the newest in the group. */
  version?: number;
  /** A stage of the team config. */
  stage: string;
}

/** SageMaker numbers package versions from 1; nine digits is far beyond any real group. */
const VERSION = /^[vV]?(\d{1,9})$/;

export const deployCommand: CommandSpec<DeployCommand> = {
  name: 'deploy',
  usage: '/sm deploy <group>[@<version>] to <stage>',
  summary: 'Deploy a model package version to a stage; some stages need an approval first.',
  role: 'operator',
  action: 'deploy models',
  details: deployDetails,
  parse: parseDeploy,
};

function stageNames(team: TeamConfig): string[] {
  return Object.keys(team.stages);
}

function stagesSentence(team: TeamConfig): string {
  const names = stageNames(team);
  return names.length > 0 ? `The stages are ${listNames(names)}.` : 'No stages are configured yet: an admin adds them under `stages` in the team config.';
}

function parseVersion(group: string, text: string): number {
  const match = VERSION.exec(text);
  const version = match ? Number(match[1]) : NaN;
  if (!(version >= 1)) {
    throw usageError(deployCommand, `${shown(text)} is not a version: give a version number such as \`${group}@7\`, or leave \`@…\` out to deploy the newest version (\`/sm models ${group}\` lists them).`);
  }
  return version;
}

function parseDeploy(args: readonly Token[], team: TeamConfig): DeployCommand {
  const words = wordsOnly(deployCommand, args);
  const example = `/sm deploy churn@7 to ${stageNames(team)[0] ?? '<stage>'}`;
  const [target, ...rest] = words;
  if (target === undefined) throw usageError(deployCommand, `What should be deployed, and where? For example \`${example}\`. ${stagesSentence(team)}`);

  const at = target.indexOf('@');
  const group = parseGroupName(deployCommand, at < 0 ? target : target.slice(0, at));
  const version = at < 0 ? undefined : parseVersion(group, target.slice(at + 1));
  const shownTarget = version === undefined ? group : `${group}@${version}`;

  const [to, stageWord, ...extra] = rest;
  if (to === undefined) throw usageError(deployCommand, `Say where to deploy it: \`/sm deploy ${shownTarget} to <stage>\`. ${stagesSentence(team)}`);
  if (to.toLowerCase() !== 'to') {
    if (version === undefined && /^\d+$/.test(to)) throw usageError(deployCommand, `Put the version after \`@\`, with no spaces: \`/sm deploy ${group}@${to} to <stage>\`.`);
    const stageHint = stageWord === undefined ? ` ${to}` : ' <stage>';
    throw usageError(deployCommand, `Write \`to\` before the stage: \`/sm deploy ${shownTarget} to${stageHint}\`.`);
  }
  if (stageWord === undefined) throw usageError(deployCommand, `Which stage? ${stagesSentence(team)}`);
  if (extra.length > 0) throw usageError(deployCommand, `Unexpected ${shown(extra.join(' '))} after the stage: \`/sm deploy\` deploys to one stage at a time.`);

  const stage = stageWord.toLowerCase();
  const config = Object.hasOwn(team.stages, stage) ? team.stages[stage] : undefined;
  if (!config) throw usageError(deployCommand, `There is no stage ${shown(stageWord)}. ${stagesSentence(team)}`, suggest(stage, stageNames(team)));

  // Caught here, while the user is still typing, rather than by the deploy job later.
  const endpoint = endpointNameFor(config.endpoint, group);
  if (!isValidResourceName(endpoint)) {
    throw usageError(deployCommand, `Stage \`${stage}\` would deploy \`${group}\` to the endpoint ${shown(endpoint, 80)}, which is not a valid SageMaker endpoint name (1–63 letters, digits and hyphens). Ask an admin to check the stage's endpoint template.`);
  }
  return version === undefined ? { kind: 'deploy', group, stage } : { kind: 'deploy', group, version, stage };
}

/** One stage in words: endpoint, instances, who approves, how it rolls out. */
export function describeStage(name: string, stage: StageConfig): string {
  const lines = [`• \`${name}\`: endpoint \`${stage.endpoint}\`, ${stage.instanceType} × ${stage.instanceCount}`];
  const approval = stage.approval;
  lines.push(
    approval
      ? `      needs ${approval.minApprovals} approval${approval.minApprovals === 1 ? '' : 's'} from distinct people with the *${approval.approvers}* role, never the requester; a request expires after ${formatDuration(approval.expiresIn)}`
      : '      deploys at once, without approval',
  );
  const blueGreen = stage.blueGreen;
  lines.push(
    blueGreen
      ? `      blue/green: ${Math.round(blueGreen.canary * 1000) / 10}% of capacity first, bake ${formatDuration(blueGreen.bake)}, then the rest${blueGreen.rollbackAlarms.length > 0 ? `; rolls back automatically on ${listNames(blueGreen.rollbackAlarms)}` : ''}`
      : '      all at once (no blue/green)',
  );
  return lines.join('\n');
}

function deployDetails(team: TeamConfig): string {
  const lines = [
    'Deploys a version of a model package group to a stage’s endpoint: `churn@7` is version 7, `churn` alone the newest version (`/sm models churn` lists them).',
    'A stage that needs approval posts a request in the approvals channel instead, with Approve and Reject buttons; the deploy starts once enough approvers have confirmed, and runs in that message’s thread.',
    '',
    '*Stages*',
  ];
  const stages = Object.entries(team.stages);
  if (stages.length === 0) lines.push('None configured yet: add one under `stages` in the team config.');
  for (const [name, stage] of stages) lines.push(describeStage(name, stage));
  return lines.join('\n');
}
