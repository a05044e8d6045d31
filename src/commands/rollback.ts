import { SAGEMAKER_NAME } from '../domain/naming.ts';
import type { CommandSpec } from './spec.ts';
import { shown, usageError, wordsOnly } from './spec.ts';

export interface RollbackCommand {
  kind: 'rollback';
  /** A valid SageMaker endpoint name. */
  endpoint: string;
}

export const rollbackCommand: CommandSpec<RollbackCommand> = {
  name: 'rollback',
  usage: '/sm rollback <endpoint>',
  summary: 'Put the previous approved endpoint config back on an endpoint.',
  role: 'approver',
  action: 'roll back endpoints',
  details: () =>
    'Updates the endpoint back to the endpoint config it served before its latest deploy through the bot. That config was approved when it went live, so no new approval is asked for; approvers alone may do it, and it is audited. `<endpoint>` is the endpoint name, as shown by `/sm endpoints`.',
  parse(args) {
    const words = wordsOnly(rollbackCommand, args);
    if (words.length === 0) throw usageError(rollbackCommand, 'Which endpoint? Give its name, as shown by `/sm endpoints`.');
    if (words.length > 1) throw usageError(rollbackCommand, `\`/sm rollback\` takes one endpoint name; got ${words.length} words.`);
    const endpoint = words[0]!;
    if (!SAGEMAKER_NAME.test(endpoint)) {
      throw usageError(rollbackCommand, `${shown(endpoint)} is not a SageMaker endpoint name: those are 1–63 letters, digits and hyphens, starting and ending with a letter or digit.`);
    }
    return { kind: 'rollback', endpoint };
  },
};
