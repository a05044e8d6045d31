import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readTeamConfig, teamConfigPath, ROLE_NAMES, type TeamConfig } from './config.ts';
import { formatDuration } from './domain/duration.ts';
import { ConfigError } from './errors.ts';

/*
 * `npm run check-config [file]`: validates the team config file alone (no Slack tokens or
 * Redis needed), so it can run in CI or before a deploy. Prints every problem with its
 * path, one per line, and exits 1; or a short summary and exits 0.
 */

/** Where lines go: process.stdout / process.stderr, or a collector in tests. */
export interface LineSink {
  write(text: string): unknown;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A few lines a person can check at a glance: what the file will make the bot do. */
export function summarize(team: TeamConfig): string[] {
  const recipes = Object.entries(team.recipes).map(([name, recipe]) => `${name} (${recipe.instanceCount}× ${recipe.instanceType}, max ${formatDuration(recipe.maxRuntime)})`);
  const stages = Object.entries(team.stages).map(([name, stage]) =>
    stage.approval ? `${name} (needs ${stage.approval.minApprovals} ${stage.approval.approvers} approval${stage.approval.minApprovals === 1 ? '' : 's'})` : name,
  );
  const roles = ROLE_NAMES.map((role) => {
    const members = team.roles[role];
    return `${role} ${members.includes('*') ? 'everyone' : members.length}`;
  });
  const watchers = Object.entries(team.watchers)
    .filter(([, watcher]) => watcher !== undefined)
    .map(([name, watcher]) => `${name} every ${formatDuration(watcher.every)}`);
  return [
    `${plural(recipes.length, 'recipe')}: ${recipes.join(', ') || 'none (nobody can train)'}`,
    `${plural(stages.length, 'stage')}: ${stages.join(', ') || 'none (nobody can deploy)'}`,
    `channels: ops ${team.channels.ops}, alerts ${team.channels.alerts}, approvals ${team.channels.approvals}`,
    `roles: ${roles.join(', ')}`,
    `watchers: ${watchers.join(', ')}`,
    `aws: account ${team.aws.accountId} in ${team.aws.region}, execution role ${team.aws.executionRoleArn}`,
  ];
}

/**
 * Validates the team config file at `path`. Writes the problems (to `err`) or a summary
 * (to `out`) and returns the process exit code: 0 when valid, 1 otherwise.
 */
export function checkConfig(path: string, out: LineSink, err: LineSink = out): number {
  let team: TeamConfig;
  try {
    team = readTeamConfig(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err.write(`${path} is invalid (${plural(error.issues.length, 'problem')}):\n`);
    for (const issue of error.issues) err.write(`${issue}\n`);
    return 1;
  }
  out.write(`${path} is valid.\n`);
  for (const line of summarize(team)) out.write(`  ${line}\n`);
  return 0;
}

/** True when this module is the script node was started with, not an import (tests). */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = checkConfig(teamConfigPath(process.env, process.argv[2]), process.stdout, process.stderr);
}
