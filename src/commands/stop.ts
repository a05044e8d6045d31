import { parseJobName } from './job-name.ts';
import type { CommandSpec } from './spec.ts';

export interface StopCommand {
  kind: 'stop';
  /** A valid SageMaker training job name. */
  job: string;
}

export const stopCommand: CommandSpec<StopCommand> = {
  name: 'stop',
  usage: '/sm stop <job>',
  summary: 'Stop a running training job.',
  role: 'operator',
  action: 'stop training jobs',
  details: () => 'Asks SageMaker to stop a training job that is still in progress. The job moves to Stopping, then Stopped; the ops-channel thread follows it. Stopping a job that has already ended does nothing.',
  parse: (args) => ({ kind: 'stop', job: parseJobName(stopCommand, args) }),
};
