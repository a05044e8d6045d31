import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppContext } from '../src/context.ts';
import { SAGEMAKER_NAME, requestJobId } from '../src/domain/naming.ts';
import { ForbiddenError } from '../src/errors.ts';
import { enqueueOnce } from '../src/queue/lifecycle-queue.ts';
import { forbiddenReply, plainReply } from '../src/slack/blocks/replies.ts';
import { STOP_ACTION_ID } from '../src/slack/blocks/training-job.ts';
import { trainingMessageKey } from '../jobs/message-keys.ts';

export { STOP_ACTION_ID };

type ActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The Stop button. It carries only the job name, so everything is re-checked here: the
 * caller's role, and that the click came from that job's own message in its channel.
 */
export function stopButton(ctx: AppContext) {
  return async function handleStopButton({ ack, body, action, respond }: ActionArgs): Promise<void> {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? '';
    const name = action.value ?? '';
    const refuse = async (why: string, reply = plainReply(`:no_entry: ${why}`)) => {
      await respond({ response_type: 'ephemeral', replace_original: false, ...reply });
      await ctx.audit.record({ actor: user, action: 'button:stop', outcome: 'refused', channel, target: name.slice(0, 63), detail: why });
    };
    if (!(await ctx.roles.has(user, 'operator'))) return refuse('needs the operator role', forbiddenReply(new ForbiddenError('operator', 'stop training jobs')));
    if (!SAGEMAKER_NAME.test(name)) return refuse('the button does not name a training job');
    const ref = await ctx.outbox.ref(trainingMessageKey(name));
    if (!ref || ref.channel !== channel || ref.ts !== body.container?.message_ts) return refuse('this button does not belong to that training job’s message');
    const jobId = requestJobId('stop', body.trigger_id);
    await enqueueOnce(ctx.lifecycle, ctx.claims, 'stop', jobId, { user, channel, ...(body.response_url ? { responseUrl: body.response_url } : {}), job: name }, { actor: user, action: 'button:stop', channel, target: name });
  };
}
