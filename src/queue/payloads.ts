import { z } from 'zod';

/*
 * Job payloads, parsed with zod at the worker boundary: a payload from an older or newer
 * replica, or one enqueued by hand, is checked before anything acts on it.
 */
const requester = {
  /** Slack user id of whoever asked. */
  user: z.string().regex(/^[UW][A-Z0-9]+$/),
  channel: z.string().min(1),
  /** Where to send private replies; absent for jobs started by the bot itself. */
  responseUrl: z.url().optional(),
};

export const trainPayload = z.object({
  ...requester,
  recipe: z.string().min(1),
  overrides: z.object({
    instanceType: z.string().optional(),
    instanceCount: z.number().int().positive().optional(),
    maxRuntimeMs: z.number().int().positive().optional(),
  }),
  hyperparameters: z.record(z.string(), z.string()),
});
export type TrainPayload = z.infer<typeof trainPayload>;

export const stopPayload = z.object({ ...requester, job: z.string().min(1) });
export type StopPayload = z.infer<typeof stopPayload>;

export const statusPayload = z.object({ ...requester, job: z.string().min(1) });
export type StatusPayload = z.infer<typeof statusPayload>;

export const jobsPayload = z.object({ ...requester, mine: z.boolean(), failed: z.boolean() });
export type JobsPayload = z.infer<typeof jobsPayload>;

export const lifecyclePayloads = {
  train: trainPayload,
  stop: stopPayload,
  status: statusPayload,
  jobs: jobsPayload,
} as const;
export type LifecycleJobName = keyof typeof lifecyclePayloads;
export type LifecyclePayload = { [K in LifecycleJobName]: z.infer<(typeof lifecyclePayloads)[K]> }[LifecycleJobName];
