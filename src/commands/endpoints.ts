import type { CommandSpec } from './spec.ts';
import { usageError, wordsOnly } from './spec.ts';

export interface EndpointsCommand {
  kind: 'endpoints';
}

export const endpointsCommand: CommandSpec<EndpointsCommand> = {
  name: 'endpoints',
  usage: '/sm endpoints',
  summary: 'List the endpoints: status, live model version, instances, last deploy.',
  role: 'viewer',
  action: 'see endpoints',
  details: () => 'Shows each SageMaker endpoint: its status, the model version it serves, its instances, and who last deployed to it through the bot, and when.',
  parse(args) {
    if (wordsOnly(endpointsCommand, args).length > 0) throw usageError(endpointsCommand, '`/sm endpoints` takes no arguments.');
    return { kind: 'endpoints' };
  },
};
