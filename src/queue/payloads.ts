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

export const deployRequestPayload = z.object({
  ...requester,
  /** The request id, which is also the deploy job's id (the request job has its own). */
  requestId: z.string().regex(/^[a-z][a-z0-9-]*$/),
  group: z.string().min(1),
  version: z.number().int().positive().optional(),
  stage: z.string().min(1),
});
export type DeployRequestPayload = z.infer<typeof deployRequestPayload>;

/**
 * A deploy carries only the request id (it is also the job id): everything it does comes
 * from the stored request, which the deploy job re-checks before touching anything.
 */
export const deployPayload = z.object({ requestId: z.string().min(1) });
export type DeployPayload = z.infer<typeof deployPayload>;

export const registryRejectPayload = z.object({ requestId: z.string().min(1) });
export type RegistryRejectPayload = z.infer<typeof registryRejectPayload>;

export const modelsPayload = z.object({ ...requester, group: z.string().min(1) });
export type ModelsPayload = z.infer<typeof modelsPayload>;

export const endpointsPayload = z.object({ ...requester });
export type EndpointsPayload = z.infer<typeof endpointsPayload>;

export const rollbackPayload = z.object({ ...requester, endpoint: z.string().min(1) });
export type RollbackPayload = z.infer<typeof rollbackPayload>;

/** Renders and uploads the chart of one alert occurrence into its thread. */
export const alertChartPayload = z.object({ alertKey: z.string().min(1).max(600), openedAt: z.number() });
export type AlertChartPayload = z.infer<typeof alertChartPayload>;

export const costPayload = z.object({ ...requester });
export type CostPayload = z.infer<typeof costPayload>;

/** An alert button that acts on AWS: the alert key only, everything else is looked up again. */
export const alertActionPayload = z.object({ ...requester, alertKey: z.string().min(1).max(600) });
export type AlertActionPayload = z.infer<typeof alertActionPayload>;

export const lifecyclePayloads = {
  train: trainPayload,
  stop: stopPayload,
  status: statusPayload,
  jobs: jobsPayload,
  'deploy-request': deployRequestPayload,
  deploy: deployPayload,
  'registry-reject': registryRejectPayload,
  models: modelsPayload,
  endpoints: endpointsPayload,
  rollback: rollbackPayload,
  'alert-chart': alertChartPayload,
  cost: costPayload,
  retrain: alertActionPayload,
  'delete-endpoint': alertActionPayload,
} as const;
export type LifecycleJobName = keyof typeof lifecyclePayloads;
export type LifecyclePayload = { [K in LifecycleJobName]: z.infer<(typeof lifecyclePayloads)[K]> }[LifecycleJobName];
