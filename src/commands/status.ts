import { parseJobName } from './job-name.ts';
import type { CommandSpec } from './spec.ts';

export interface StatusCommand {
  kind: 'status';
  /** A valid SageMaker training job name. */
  job: string;
}

export const statusCommand: CommandSpec<StatusCommand> = {
  name: 'status',
  usage: '/sm status <job>',
  summary: "Show a training job's state, metrics, runtime and estimated cost.",
  role: 'viewer',
  action: 'see training jobs',
  details: () => 'Shows one training job: its state, instance type and count, elapsed and billable time, estimated cost, latest metrics, and the model artifacts or failure reason once it ends. `<job>` is the SageMaker training job name.',
  parse: (args) => ({ kind: 'status', job: parseJobName(statusCommand, args) }),
};
