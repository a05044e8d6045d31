import { countedApprovers, effectiveStatus, type ApprovalRequest } from '../../domain/approval.ts';
import type { DeployPlan, EndpointStatus, ModelPackageSummary, ModelPackageView, PackageApprovalStatus } from '../../domain/deployment.ts';
import { formatDuration } from '../../domain/duration.ts';
import { formatMetric } from '../../domain/training-view.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { channelMention, section, sectionsFromLines, slackDate, userMention } from './parts.ts';
import { rolloutInWords } from './approval.ts';
import { errorText } from './replies.ts';
import type { SlackMessage } from './types.ts';

/*
 * Deploy progress lines for the request's thread, and the replies to `/sm models`,
 * `/sm endpoints`, `/sm approvals` and `/sm deploy`. All user and AWS text is escaped.
 */

/** Rows beyond this are counted, not shown. */
const MAX_ROWS = 100;
const MAX_INLINE_METRICS = 6;

const PACKAGE_EMOJI: Record<PackageApprovalStatus, string> = {
  Approved: ':white_check_mark:',
  Rejected: ':no_entry:',
  PendingManualApproval: ':hourglass:',
};

const ENDPOINT_EMOJI: Record<EndpointStatus, string> = {
  Creating: ':building_construction:',
  Updating: ':arrows_counterclockwise:',
  SystemUpdating: ':arrows_counterclockwise:',
  InService: ':white_check_mark:',
  RollingBack: ':rewind:',
  Deleting: ':wastebasket:',
  Failed: ':x:',
  OutOfService: ':warning:',
  UpdateRollbackFailed: ':rotating_light:',
};

function endpointEmoji(status: EndpointStatus): string {
  return ENDPOINT_EMOJI[status] ?? ':grey_question:';
}

function line(text: string, ...more: string[]): SlackMessage {
  return fit({ text, blocks: [section([text, ...more].join('\n'))] });
}

/** One step of a deploy or rollback, as a thread reply. */
export type DeployEvent =
  | { kind: 'started'; plan: DeployPlan; approvers?: readonly string[] }
  | { kind: 'model-created'; modelName: string; /** It existed already: a retried job reusing it. */ existed?: boolean }
  | { kind: 'endpoint-config-created'; configName: string; existed?: boolean }
  | {
      kind: 'endpoint';
      endpoint: string;
      status: EndpointStatus;
      /** The model version being deployed, for the InService line. */
      version?: number;
      failureReason?: string;
      /** Time since the create or update started. */
      elapsedMs?: number;
      /** The update rolled back: InService now means the previous config again. */
      rolledBack?: boolean;
    }
  | { kind: 'aborted'; reasons: readonly string[] }
  | { kind: 'registry-updated'; version: number; status: PackageApprovalStatus; approvers?: readonly string[] }
  | { kind: 'rollback-started'; endpoint: string; configName: string; by: string }
  | { kind: 'failed'; error: unknown };

function endpointLine(event: Extract<DeployEvent, { kind: 'endpoint' }>): SlackMessage {
  const name = code(event.endpoint);
  const took = event.elapsedMs !== undefined ? ` (${formatDuration(event.elapsedMs)})` : '';
  const reason = event.failureReason ? escapeMrkdwn(truncate(event.failureReason, 1_000)) : undefined;
  const emoji = endpointEmoji(event.status);
  switch (event.status) {
    case 'Creating':
      return line(`${emoji} *Creating* endpoint ${name}…`);
    case 'Updating':
      return line(`${emoji} *Updating* ${name}…`);
    case 'InService':
      if (event.rolledBack) return line(`:leftwards_arrow_with_hook: *Rolled back*: ${name} is InService on its previous config${took}.`, ...(reason ? [`Reason: ${reason}`] : []));
      return line(`${emoji} *InService*: ${name} now serves${event.version !== undefined ? ` v${event.version}` : ' the new config'}${took}.`);
    case 'RollingBack':
      return line(`${emoji} *Rolling back* ${name}: ${reason ?? 'SageMaker gave no reason.'}`);
    default:
      return line(`${emoji} ${name} is *${escapeMrkdwn(event.status)}*${took}${reason ? `: ${reason}` : '.'}`);
  }
}

/** A thread reply for one step of a deploy: model, endpoint config, endpoint states, or why it stopped. */
export function deployThreadLine(event: DeployEvent): SlackMessage {
  switch (event.kind) {
    case 'started': {
      const { plan } = event;
      const by = event.approvers && event.approvers.length > 0 ? ` Approved by ${event.approvers.map(userMention).join(', ')}.` : '';
      return line(`:rocket: *Deploying* ${code(plan.group)} v${plan.version} to ${code(plan.endpoint)} (${escapeMrkdwn(plan.stage)}): ${escapeMrkdwn(plan.instanceType)} × ${plan.instanceCount}.${by}`, rolloutInWords(plan));
    }
    case 'model-created':
      return line(`:package: Model ${code(event.modelName)} ${event.existed ? 'already existed; reusing it' : 'created'}.`);
    case 'endpoint-config-created':
      return line(`:gear: Endpoint config ${code(event.configName)} ${event.existed ? 'already existed; reusing it' : 'created'}.`);
    case 'endpoint':
      return endpointLine(event);
    case 'aborted': {
      const reasons = event.reasons.slice(0, 20).map((reason) => `• ${escapeMrkdwn(truncate(reason, 500))}`);
      return line(':octagonal_sign: *Deploy aborted*, nothing was changed:', ...reasons);
    }
    case 'registry-updated': {
      const by = event.approvers && event.approvers.length > 0 ? ` (approved in Slack by ${event.approvers.map(userMention).join(', ')})` : '';
      return line(`${PACKAGE_EMOJI[event.status] ?? ':grey_question:'} Model registry: v${event.version} marked *${escapeMrkdwn(event.status)}*${by}.`);
    }
    case 'rollback-started':
      return line(`:rewind: ${userMention(event.by)} is rolling ${code(event.endpoint)} back to ${code(event.configName)}.`);
    case 'failed':
      return line(`:x: *Deploy failed*: ${escapeMrkdwn(errorText(event.error))}`);
  }
}

/** A package as `/sm models` shows it: the summary, plus what DescribeModelPackage adds when known. */
export type ModelPackageRow = ModelPackageSummary & Partial<Pick<ModelPackageView, 'generatedBy' | 'metrics'>>;

/** What a stage's endpoint serves for the group, when it exists. */
export interface LiveOnStage {
  endpoint: string;
  version?: number;
  status?: EndpointStatus;
}

function inlineMetrics(metrics: Readonly<Record<string, number>> | undefined): string {
  const entries = Object.entries(metrics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  const shown = entries.slice(0, MAX_INLINE_METRICS).map(([name, value]) => `${escapeMrkdwn(truncate(name, 40))} ${formatMetric(value)}`);
  return ` · ${shown.join(', ')}${entries.length > MAX_INLINE_METRICS ? `, +${entries.length - MAX_INLINE_METRICS}` : ''}`;
}

/** `arn:…:training-job/churn-xgb-abc` → `churn-xgb-abc`. */
function trainingJobOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1) || arn;
}

/**
 * The reply to `/sm models <group>`: which version is live on which stage, then each
 * version, newest first: registry status, created when and by which training job, metrics.
 */
export function modelsList(group: string, packages: readonly ModelPackageRow[], liveByStage: Readonly<Record<string, LiveOnStage>>, now: number): SlackMessage {
  const title = `*Model package group* ${code(group)}, newest first`;
  const stages = Object.entries(liveByStage);
  const live = stages.map(([stage, where]) =>
    where.version !== undefined
      ? `*${escapeMrkdwn(stage)}* v${where.version} (${code(where.endpoint)}${where.status ? `, ${escapeMrkdwn(where.status)}` : ''})`
      : `*${escapeMrkdwn(stage)}*: not deployed`,
  );
  const lines = [title, ...(live.length > 0 ? [`Live: ${live.join(' · ')}`] : [])];
  if (packages.length === 0) {
    lines.push(`No versions in ${code(group)} yet.`);
    return fit({ text: escapeMrkdwn(`No versions in ${group}.`), blocks: sectionsFromLines(lines) });
  }
  const sorted = [...packages].sort((a, b) => b.version - a.version);
  for (const pkg of sorted.slice(0, MAX_ROWS)) {
    const age = now >= pkg.createdAt ? ` (${formatDuration(now - pkg.createdAt)} ago)` : '';
    const from = pkg.generatedBy ? ` · from ${code(trainingJobOf(pkg.generatedBy))}` : '';
    const on = stages.filter(([, where]) => where.version === pkg.version).map(([stage]) => `*${escapeMrkdwn(stage)}*`);
    const liveOn = on.length > 0 ? ` · :rocket: live on ${on.join(', ')}` : '';
    const status = `${PACKAGE_EMOJI[pkg.approvalStatus] ?? ':grey_question:'} ${escapeMrkdwn(pkg.approvalStatus)}`;
    lines.push(`*v${pkg.version}* ${status} · created ${slackDate(pkg.createdAt)}${age}${from}${inlineMetrics(pkg.metrics)}${liveOn}`);
  }
  if (sorted.length > MAX_ROWS) lines.push(`…and ${sorted.length - MAX_ROWS} older versions.`);
  const text = `${group}: ${sorted.length} version${sorted.length === 1 ? '' : 's'}, newest v${sorted[0]!.version}`;
  return fit({ text: escapeMrkdwn(text), blocks: sectionsFromLines(lines) });
}

/** One endpoint as `/sm endpoints` shows it. */
export interface EndpointRow {
  name: string;
  status: EndpointStatus;
  stage?: string;
  group?: string;
  liveVersion?: number;
  instanceType?: string;
  currentInstances?: number;
  desiredInstances?: number;
  /** Slack user id of whoever last deployed (or rolled back) through the bot. */
  lastDeployedBy?: string;
  lastDeployedAt?: number;
  failureReason?: string;
}

function instances(row: EndpointRow): string {
  const count =
    row.currentInstances !== undefined && row.desiredInstances !== undefined && row.currentInstances !== row.desiredInstances
      ? `${row.currentInstances}/${row.desiredInstances}`
      : String(row.desiredInstances ?? row.currentInstances ?? '?');
  return row.instanceType ? `${escapeMrkdwn(row.instanceType)} × ${count}` : `${count} instance${count === '1' ? '' : 's'}`;
}

/** The reply to `/sm endpoints`: status, live model version, instances, last deploy. */
export function endpointsList(rows: readonly EndpointRow[]): SlackMessage {
  const title = '*Endpoints*';
  if (rows.length === 0) return fit({ text: 'No endpoints yet.', blocks: [section(`${title}\nNo endpoints yet. Deploy one with \`/sm deploy <group> to <stage>\`.`)] });
  const lines = rows.slice(0, MAX_ROWS).map((row) => {
    const stage = row.stage ? ` · *${escapeMrkdwn(row.stage)}*` : '';
    const model = row.liveVersion !== undefined ? ` · ${row.group ? `${code(row.group)} ` : ''}v${row.liveVersion}` : row.group ? ` · ${code(row.group)}` : '';
    const deployed = row.lastDeployedBy ? ` · last deployed by ${userMention(row.lastDeployedBy)}${row.lastDeployedAt !== undefined ? ` ${slackDate(row.lastDeployedAt)}` : ''}` : '';
    const reason = row.failureReason ? `\n      ${escapeMrkdwn(truncate(row.failureReason, 300))}` : '';
    return `${endpointEmoji(row.status)} ${code(row.name)} · ${escapeMrkdwn(row.status)}${stage}${model} · ${instances(row)}${deployed}${reason}`;
  });
  if (rows.length > MAX_ROWS) lines.push(`…and ${rows.length - MAX_ROWS} more.`);
  const text = `${rows.length} endpoint${rows.length === 1 ? '' : 's'}: ${rows.slice(0, 20).map((row) => `${row.name} (${row.status})`).join(', ')}`;
  return fit({ text: escapeMrkdwn(text), blocks: sectionsFromLines([title, ...lines]) });
}

/** The reply to `/sm approvals`: pending requests (expired ones left out), soonest to expire first. */
export function approvalsList(requests: readonly ApprovalRequest[], now: number): SlackMessage {
  const pending = requests.filter((req) => effectiveStatus(req, now) === 'pending').sort((a, b) => a.expiresAt - b.expiresAt);
  const title = '*Deploy requests waiting for approval*';
  if (pending.length === 0) return fit({ text: 'No deploy requests are waiting for approval.', blocks: [section(`${title}\nNone right now.`)] });
  const lines = pending.slice(0, MAX_ROWS).map((req) => {
    const approvers = countedApprovers(req);
    const where = channelMention(req.channel);
    return [
      `:hourglass_flowing_sand: ${code(`${req.group} v${req.version}`)} → *${escapeMrkdwn(req.stage)}*`,
      `asked by ${userMention(req.requester)} ${slackDate(req.requestedAt)}`,
      `${approvers.length}/${req.minApprovals} approvals${approvers.length > 0 ? ` (${approvers.map(userMention).join(', ')})` : ''}`,
      `expires in ${formatDuration(req.expiresAt - now)}`,
      ...(where ? [`in ${where}`] : []),
    ].join(' · ');
  });
  if (pending.length > MAX_ROWS) lines.push(`…and ${pending.length - MAX_ROWS} more.`);
  return fit({ text: `${pending.length} deploy request${pending.length === 1 ? '' : 's'} waiting for approval`, blocks: sectionsFromLines([title, ...lines]) });
}

/**
 * The ack to `/sm deploy`: deploying now, or preparing an approval request.
 * @param options.channel where progress (ops) or the request (approvals) will be posted.
 */
export function deployQueuedReply(command: { group: string; version?: number; stage: string }, options: { needsApproval: boolean; channel?: string }): SlackMessage {
  const target = `${command.group}${command.version !== undefined ? ` v${command.version}` : ' (newest version)'}`;
  const where = channelMention(options.channel);
  if (options.needsApproval) {
    return line(`:raised_hand: *${escapeMrkdwn(command.stage)}* needs approval: preparing a request to deploy ${code(target)}${where ? ` in ${where}` : ''}. I'll send you the link.`);
  }
  return line(`:rocket: Deploying ${code(target)} to *${escapeMrkdwn(command.stage)}*.${where ? ` I'll post progress in ${where}.` : ''}`);
}

/** Only an https link without markup characters may go inside `<…|…>`. */
const SAFE_LINK = /^https:\/\/[^\s<>|]+$/;

/** The private reply once the approval request is posted: where it is, who must approve, when it expires. */
export function approvalRequestedReply(req: ApprovalRequest, link?: string): SlackMessage {
  const where = link && SAFE_LINK.test(link) ? `<${link}|the approval request>` : `the approval request${channelMention(req.channel) ? ` in ${channelMention(req.channel)}` : ''}`;
  return line(
    `:raised_hand: Deploying ${code(`${req.group} v${req.version}`)} to *${escapeMrkdwn(req.stage)}* needs ${req.minApprovals} approval${req.minApprovals === 1 ? '' : 's'} from people with the *${escapeMrkdwn(req.approverRole)}* role other than you. I posted ${where}; it expires ${slackDate(req.expiresAt)}.`,
    'You can withdraw it there with *Reject*.',
  );
}

/** The ack to `/sm rollback <endpoint>`. */
export function rollbackQueuedReply(endpoint: string, channel?: string): SlackMessage {
  const where = channelMention(channel);
  return line(`:rewind: Rolling ${code(endpoint)} back to its previous approved config.${where ? ` I'll post progress in ${where}.` : ''}`);
}
