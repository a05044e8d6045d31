import { commandSpecs } from '../../commands/registry.ts';
import type { RoleName } from '../../config.ts';
import { stateEmoji } from '../../domain/training-view.ts';
import type { TrainingStatus } from '../../domain/training.ts';
import { code, escapeMrkdwn } from './escape.ts';
import { channelMention, context, header, section, slackDate } from './parts.ts';
import type { Block } from './types.ts';

export interface HomeJob {
  name: string;
  recipe: string;
  createdAt: number;
  lastStatus?: TrainingStatus;
}

/** Slack's limit on blocks in a Home tab view. */
const HOME_MAX_BLOCKS = 100;

/**
 * The App Home tab: who you are to the bot (your roles, so nobody has to guess why a
 * command is refused), your recent training jobs, and the sub-commands you can run.
 */
export function appHomeView(input: { roles: RoleName[]; jobs: HomeJob[]; opsChannel: string }): { type: 'home'; blocks: Block[] } {
  const roles = input.roles.length > 0 ? input.roles.map((role) => `*${role}*`).join(', ') : '_none_';
  const allowed = commandSpecs.filter((spec) => input.roles.includes(spec.role));
  const blocks: Block[] = [
    header('SageMaker ChatOps'),
    section(`Your roles: ${roles}. Training progress is posted in ${channelMention(input.opsChannel) ?? 'the ops channel'}.`),
    header('Your recent training jobs'),
    ...(input.jobs.length === 0
      ? [context('None yet. Start one with `/sm train <recipe>`.')]
      : input.jobs.map((job) =>
          section(`${job.lastStatus ? stateEmoji(job.lastStatus) : ':hourglass_flowing_sand:'} ${code(job.name)} · ${escapeMrkdwn(job.recipe)} · ${job.lastStatus ?? 'Starting'} · ${slackDate(job.createdAt)}`),
        )),
    header('What you can do'),
    ...allowed.map((spec) => section(`${code(spec.usage)}\n${escapeMrkdwn(spec.summary)}`)),
  ];
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}
