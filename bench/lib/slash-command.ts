import { requestJobId, trainingJobName } from '../../src/domain/naming.ts';
import { buildSlashCommandBody, computeSlackSignature, newTriggerId } from '../../src/sandbox/slack-signer.ts';
import { OPERATOR, OPS_CHANNEL, SIGNING_SECRET } from './offline-world.ts';

export const TRAIN_TEXT = 'train churn-xgb';
export const RECIPE = 'churn-xgb';

export interface SignedCommand {
  triggerId: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * One `/sm train churn-xgb` from the operator, as Slack sends it: a fresh trigger_id (so the
 * dedupe claims a new id) and a signature over this body and the current second.
 */
export function signedTrainCommand(responseUrl: string): SignedCommand {
  const triggerId = newTriggerId();
  const body = buildSlashCommandBody({ user: OPERATOR, channel: OPS_CHANNEL, text: TRAIN_TEXT, responseUrl, triggerId });
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    triggerId,
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': computeSlackSignature(SIGNING_SECRET, timestamp, body),
    },
  };
}

/** The SageMaker training job name the bot derives for a request (BullMQ job id → name). */
export function expectedTrainingJobName(triggerId: string): string {
  return trainingJobName(RECIPE, requestJobId('train', triggerId));
}

export async function postCommand(botUrl: string, command: SignedCommand): Promise<{ status: number; text: string }> {
  const res = await fetch(`${botUrl}/slack/events`, { method: 'POST', headers: command.headers, body: command.body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}
