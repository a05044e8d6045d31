import { formatUsd, PRICE_TABLE_SOURCE, trainingCost } from '../../domain/cost.ts';
import { formatDuration } from '../../domain/duration.ts';
import { elapsedMs, formatMetric, latestMetrics, splitWords, stateEmoji, stateLabel } from '../../domain/training-view.ts';
import type { StatusTransition, TrainingJobView } from '../../domain/training.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { context, field, header, section, slackDate, userMention } from './parts.ts';
import type { ActionsBlock, Block, SectionBlock, SlackMessage } from './types.ts';

/** action_id of the Stop button; its value is the training job name and nothing else. */
export const STOP_ACTION_ID = 'sm_stop';

export interface TrainingMessageContext {
  /** Epoch ms, for the elapsed time of a running job. */
  now: number;
  /** The team's price overrides (USD per instance-hour). */
  prices?: Readonly<Record<string, number>>;
  recipe?: string;
  /** Slack user id of the requester; shown as a mention only when it is a valid id. */
  requester?: string;
  /**
   * Show the Stop button while the job runs. Only the ops-channel message carries it (the
   * button handler accepts clicks from that message alone).
   * @defaultValue true
   */
  stopButton?: boolean;
}

const MAX_METRICS = 12;

/** A compact fixed-width table of the latest value of each metric. */
function metricsTable(view: TrainingJobView): string | undefined {
  const metrics = latestMetrics(view.metrics);
  if (metrics.length === 0) return undefined;
  const shown = metrics.slice(0, MAX_METRICS);
  const width = Math.min(32, Math.max(...shown.map((metric) => metric.name.length)));
  const rows = shown.map((metric) => `${truncate(metric.name, width).padEnd(width)}  ${formatMetric(metric.value)}`);
  if (metrics.length > shown.length) rows.push(`… ${metrics.length - shown.length} more`);
  return `*Latest metrics*\n\`\`\`${escapeMrkdwn(rows.join('\n'))}\`\`\``;
}

function stopButton(jobName: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Stop training' },
        action_id: STOP_ACTION_ID,
        value: jobName,
        style: 'danger',
        confirm: {
          title: { type: 'plain_text', text: 'Stop this training job?' },
          text: { type: 'mrkdwn', text: `SageMaker will stop ${code(jobName)}. Work done so far is kept only if the algorithm checkpoints.` },
          confirm: { type: 'plain_text', text: 'Stop it' },
          deny: { type: 'plain_text', text: 'Keep running' },
          style: 'danger',
        },
      },
    ],
  };
}

/**
 * The ops-channel message for one training job, updated in place as the job moves:
 * state, who asked, instances, time, estimated cost, latest metrics, and the model
 * artifacts or failure reason at the end. A Stop button while the job is in progress.
 */
export function trainingJobMessage(view: TrainingJobView, input: TrainingMessageContext): SlackMessage {
  const { now } = input;
  const state = `${stateEmoji(view.status)} *${escapeMrkdwn(stateLabel(view))}*`;
  const cost = trainingCost(view, input.prices, now);
  const fields = [
    ...(input.recipe ? [field('Recipe', code(input.recipe))] : []),
    ...(input.requester ? [field('Requested by', userMention(input.requester))] : []),
    field('Instances', `${escapeMrkdwn(view.instanceType)} × ${view.instanceCount}`),
    field('Elapsed', elapsedMs(view, now) < 60_000 && view.status === 'InProgress' ? 'under a minute' : formatDuration(elapsedMs(view, now))),
    ...(view.billableSeconds !== undefined ? [field('Billable', `${formatDuration(view.billableSeconds * 1_000)} × ${view.instanceCount}`)] : []),
    field('Estimated cost', cost ? `${formatUsd(cost.usd)}${cost.basis === 'elapsed' ? ' so far' : ''}` : 'price unknown'),
  ];
  const summary: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: state, verbatim: true }, fields };
  const blocks: Block[] = [header(view.name), summary];

  const metrics = metricsTable(view);
  if (metrics) blocks.push(section(metrics));
  if (view.status === 'Completed' && view.modelArtifacts) blocks.push(section(`*Model artifacts*\n${code(view.modelArtifacts)}`));
  if (view.status === 'Failed') blocks.push(section(`*Failure reason*\n\`\`\`${escapeMrkdwn(view.failureReason ?? 'SageMaker gave no reason.')}\`\`\``));
  if (view.status === 'InProgress' && input.stopButton !== false) blocks.push(stopButton(view.name));
  blocks.push(context(`Created ${slackDate(view.createdAt)} · cost is an estimate at ${PRICE_TABLE_SOURCE.region} on-demand prices`));

  const failure = view.status === 'Failed' && view.failureReason ? `: ${truncate(view.failureReason, 300)}` : '';
  return fit({ text: escapeMrkdwn(`Training job ${view.name}: ${stateLabel(view)}${failure}`), blocks });
}

const SECONDARY_EMOJI: Record<string, string> = {
  Starting: ':rocket:',
  Pending: ':hourglass:',
  LaunchingMLInstances: ':rocket:',
  PreparingTrainingStack: ':gear:',
  Downloading: ':inbox_tray:',
  DownloadingTrainingImage: ':inbox_tray:',
  Training: ':chart_with_upwards_trend:',
  Uploading: ':outbox_tray:',
  Completed: ':white_check_mark:',
  Failed: ':x:',
  Stopping: ':octagonal_sign:',
  Stopped: ':black_square_for_stop:',
  MaxRuntimeExceeded: ':alarm_clock:',
  Interrupted: ':warning:',
  Restarting: ':repeat:',
};

/**
 * One thread reply for a change of secondary status: `:inbox_tray: *Downloading* (2m 5s):
 * Downloading input data`. At the end it adds the artifacts or the failure reason.
 */
export function trainingStateReply(view: TrainingJobView, transition: StatusTransition, _context?: TrainingMessageContext): SlackMessage {
  const emoji = SECONDARY_EMOJI[transition.status] ?? stateEmoji(view.status);
  const took = transition.endTime !== undefined ? ` (${formatDuration(transition.endTime - transition.startTime)})` : '';
  const message = transition.message ? `: ${escapeMrkdwn(transition.message)}` : '';
  const lines = [`${emoji} *${escapeMrkdwn(splitWords(transition.status))}*${took}${message}`];
  if (view.status === 'Completed' && transition.status === 'Completed' && view.modelArtifacts) lines.push(`Model artifacts: ${code(view.modelArtifacts)}`);
  if (view.status === 'Failed' && transition.status === 'Failed' && view.failureReason) lines.push(`Failure reason: ${escapeMrkdwn(view.failureReason)}`);
  const text = escapeMrkdwn(`${view.name}: ${splitWords(transition.status)}${transition.message ? `: ${transition.message}` : ''}`);
  return fit({ text, blocks: [section(lines.join('\n'))] });
}
