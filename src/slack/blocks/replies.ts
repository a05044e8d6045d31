import type { Command } from '../../commands/registry.ts';
import { formatDuration } from '../../domain/duration.ts';
import { isTerminal, type TrainingJobView } from '../../domain/training.ts';
import { AwsError, isCodedError, type ForbiddenError, type UsageError } from '../../errors.ts';
import { awsErrorInWords } from './aws-words.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { channelMention, context, section, sectionsFromLines, userMention } from './parts.ts';
import { trainingJobMessage, type TrainingMessageContext } from './training-job.ts';
import type { SlackMessage } from './types.ts';

/*
 * Private (ephemeral) replies to the person who asked. Every piece of user or AWS text is
 * escaped here, in the blocks and in the fallback text alike.
 */

export { auditList, jobsList, type AuditRow, type JobRow } from './lists.ts';

function reply(text: string, ...lines: string[]): SlackMessage {
  return fit({ text, blocks: [section(lines.join('\n'))] });
}

/** A line of the bot's own mrkdwn, escaped. */
export function plainReply(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return reply(escaped, escaped);
}

function where(channel: string | undefined): string {
  const mention = channelMention(channel);
  return mention ? ` I'll post progress in ${mention}.` : '';
}

/** The ack for a command that was queued: what will happen, and where to watch. */
export function queuedReply(command: Command, opsChannel?: string): SlackMessage {
  switch (command.kind) {
    case 'train': {
      const { instanceType, instanceCount, maxRuntimeMs } = command.overrides;
      const options = [
        instanceType || instanceCount ? `on ${escapeMrkdwn(instanceType ?? 'the recipe’s instance type')}${instanceCount ? ` × ${instanceCount}` : ''}` : '',
        maxRuntimeMs ? `for at most ${formatDuration(maxRuntimeMs)}` : '',
        Object.keys(command.hyperparameters).length > 0
          ? `with ${Object.entries(command.hyperparameters).map(([key, value]) => code(truncate(`${key}=${value}`, 80))).join(', ')}`
          : '',
      ].filter(Boolean);
      const line = `:hourglass_flowing_sand: Queued training with recipe ${code(command.recipe)}${options.length ? ` ${options.join(', ')}` : ''}.${where(opsChannel)}`;
      return reply(escapeMrkdwn(`Queued training with recipe ${command.recipe}.`), line);
    }
    case 'stop':
      return reply(escapeMrkdwn(`Asking SageMaker to stop ${command.job}.`), `:octagonal_sign: Asking SageMaker to stop ${code(command.job)}.${where(opsChannel)}`);
    case 'status':
      return reply(escapeMrkdwn(`Looking up ${command.job}.`), `:mag: Looking up ${code(command.job)}…`);
    case 'jobs':
      return reply('Listing training jobs.', ':mag: Listing recent training jobs…');
    default:
      return reply('Working on it.', ':hourglass_flowing_sand: Working on it…');
  }
}

/** The ack when Slack retried a request that is already queued: nothing new was started. */
export function duplicateReply(): SlackMessage {
  return reply('Already on it.', ':repeat: I already have this request and it is being handled; nothing new was started.');
}

/** What was wrong, "Did you mean …?" when something is close, and the usage. */
export function usageErrorReply(error: Pick<UsageError, 'message' | 'usage' | 'suggestion'>): SlackMessage {
  const didYouMean = error.suggestion ? ` Did you mean ${code(error.suggestion)}?` : '';
  const blocks = [section(`:warning: ${escapeMrkdwn(error.message)}${didYouMean}`)];
  if (error.usage) blocks.push(section(`*Usage*\n\`\`\`${escapeMrkdwn(error.usage)}\`\`\``));
  return fit({ text: escapeMrkdwn(`${error.message}${error.suggestion ? ` Did you mean ${error.suggestion}?` : ''}`), blocks });
}

/** Names the role the caller lacks. */
export function forbiddenReply(error: Pick<ForbiddenError, 'role' | 'userMessage'>): SlackMessage {
  return fit({
    text: escapeMrkdwn(error.userMessage),
    blocks: [section(`:no_entry: ${escapeMrkdwn(error.userMessage)}`), context(`Roles come from the team config; an admin can give you the *${escapeMrkdwn(error.role)}* role.`)],
  });
}

/** `/sm help`: the help text (see commands/help-text.ts), escaped, in as few sections as fit. */
export function helpReply(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return fit({ text: escaped, blocks: sectionsFromLines(escaped.split('\n')) });
}

/** `/sm status <job>`: the job's details, as in the ops channel but without the Stop button. */
export function statusReply(view: TrainingJobView, context: TrainingMessageContext): SlackMessage {
  return trainingJobMessage(view, { ...context, stopButton: false });
}

/** After StopTrainingJob: the state SageMaker now reports. */
export function stopRequested(view: Pick<TrainingJobView, 'name' | 'status'>): SlackMessage {
  if (view.status === 'Stopping' || view.status === 'InProgress') {
    return reply(escapeMrkdwn(`SageMaker is stopping ${view.name}.`), `:octagonal_sign: SageMaker is stopping ${code(view.name)}. Its thread shows when it has stopped.`);
  }
  if (isTerminal(view.status)) {
    return reply(escapeMrkdwn(`${view.name} had already ended (${view.status}).`), `:information_source: ${code(view.name)} had already ended (${escapeMrkdwn(view.status)}); nothing to stop.`);
  }
  return reply(escapeMrkdwn(`${view.name}: ${view.status}`), `${code(view.name)} is ${escapeMrkdwn(view.status)}.`);
}

/** After CreateTrainingJob: the name SageMaker knows the job by, and where it is followed. */
export function trainingStarted(name: string, opsChannel?: string): SlackMessage {
  const mention = channelMention(opsChannel);
  return reply(escapeMrkdwn(`Started training job ${name}.`), `:rocket: Started training job ${code(name)}.${mention ? ` Follow it in ${mention}.` : ''}`);
}

const GENERIC = 'Something went wrong on our side; the error is in the bot’s log.';

/** An error in words: an AWS error explained, a coded error's userMessage, else a generic line. */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof AwsError) return awsErrorInWords(error);
  if (isCodedError(error)) return error.userMessage;
  return GENERIC;
}

/**
 * The reply when something failed. Pass the error itself to get AWS errors in words; a
 * string is shown as given (escaped).
 */
export function errorReply(error: unknown): SlackMessage {
  const text = escapeMrkdwn(errorText(error));
  return reply(text, `:x: ${text}`);
}

/**
 * A lifecycle job that failed for good, for the requester and (for training) the ops
 * channel. `reason` may be the error itself (explained in words) or its message.
 */
export function jobFailed(kind: string, reason: unknown, user?: string): SlackMessage {
  const words = escapeMrkdwn(errorText(reason));
  const who = user ? `${userMention(user)}, your` : 'The';
  return reply(escapeMrkdwn(`The /sm ${kind} request failed: `) + words, `:x: ${who} ${code(`/sm ${kind}`)} request failed: ${words}`);
}
