import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../src/context.ts';
import { isCodedError } from '../src/errors.ts';
import { ALERT_ACK_ACTION_ID, ALERT_RETRAIN_ACTION_ID, ALERT_SNOOZE_ACTION_IDS, ENDPOINT_DELETE_ACTION_ID } from '../src/slack/blocks/alerts.ts';
import { APPROVE_ACTION_ID, APPROVE_CONFIRM_CALLBACK_ID, REJECT_ACTION_ID, REJECT_REASON_CALLBACK_ID } from '../src/slack/blocks/approval.ts';
import { errorReply } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';
import { acknowledgeButton, deleteEndpointButton, retrainButton, snoozeButton } from './alert-actions.ts';
import { approveButton, approveSubmitted, rejectButton, rejectSubmitted } from './approval-actions.ts';
import { appHomeOpened } from './app-home.ts';
import { routeCommand } from './slash-command.ts';
import { STOP_ACTION_ID, stopButton } from './stop-button.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Registers every listener, and the one error boundary for them. Buttons and modal
 * submissions each go through one listener that dispatches on the id: Bolt runs every
 * registered listener's middleware on every request, so each listener costs the slash
 * command's ack path a little (14 listeners made a tenth of its CPU).
 */
export function register(app: App, ctx: AppContext): void {
  const buttons: Record<string, (args: ButtonArgs) => Promise<void>> = {
    [STOP_ACTION_ID]: stopButton(ctx),
    [APPROVE_ACTION_ID]: approveButton(ctx),
    [REJECT_ACTION_ID]: rejectButton(ctx),
    [ALERT_ACK_ACTION_ID]: acknowledgeButton(ctx),
    [ALERT_RETRAIN_ACTION_ID]: retrainButton(ctx),
    [ENDPOINT_DELETE_ACTION_ID]: deleteEndpointButton(ctx),
  };
  const snooze = snoozeButton(ctx);
  for (const actionId of Object.values(ALERT_SNOOZE_ACTION_IDS)) buttons[actionId] = snooze;
  const submissions: Record<string, (args: SubmitArgs) => Promise<void>> = {
    [APPROVE_CONFIRM_CALLBACK_ID]: approveSubmitted(ctx),
    [REJECT_REASON_CALLBACK_ID]: rejectSubmitted(ctx),
  };

  app.command('/sm', routeCommand(ctx));
  app.action<BlockButtonAction>(oneOf(Object.keys(buttons)), (args) => buttons[args.action.action_id]!(args));
  app.view<ViewSubmitAction>(oneOf(Object.keys(submissions)), (args) => submissions[args.view.callback_id]!(args));
  app.event('app_home_opened', appHomeOpened(ctx));
}

/** A pattern that matches exactly one of `ids`. */
export function oneOf(ids: readonly string[]): RegExp {
  return new RegExp(`^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
}

/**
 * The listeners' error boundary (Bolt's extended error handler): logs, and tells the user
 * in words through the request's response_url instead of leaving them with a bare failure.
 */
export function errorBoundary(ctx: AppContext) {
  return async ({ error, body }: { error: Error; body?: unknown }): Promise<void> => {
    const cause = (error as { original?: unknown }).original ?? error;
    ctx.logger.error({ err: cause }, 'listener failed');
    const responseUrl = (body as { response_url?: unknown } | undefined)?.response_url;
    if (typeof responseUrl !== 'string') return;
    const message = isCodedError(cause) ? cause.userMessage : 'Something went wrong on our side; the error is in the bot’s log.';
    await respond(responseUrl, errorReply(message)).catch((respondError: unknown) => ctx.logger.warn({ err: respondError }, 'could not report the error to the user'));
  };
}
