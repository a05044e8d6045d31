import { alertsCommand } from './alerts.ts';
import { approvalsCommand } from './approvals.ts';
import { auditCommand } from './audit.ts';
import { costCommand } from './cost.ts';
import { deployCommand } from './deploy.ts';
import { endpointsCommand } from './endpoints.ts';
import { helpCommand } from './help.ts';
import { jobsCommand } from './jobs.ts';
import { modelsCommand } from './models.ts';
import { rollbackCommand } from './rollback.ts';
import type { CommandSpec } from './spec.ts';
import { statusCommand } from './status.ts';
import { stopCommand } from './stop.ts';
import { trainCommand } from './train.ts';

/**
 * Every `/sm` sub-command that exists, in the order help lists them. Adding one is a new
 * file exporting its spec and one line here; `Command` follows.
 */
export const commandSpecs = [
  helpCommand,
  trainCommand,
  statusCommand,
  jobsCommand,
  stopCommand,
  modelsCommand,
  deployCommand,
  endpointsCommand,
  rollbackCommand,
  approvalsCommand,
  alertsCommand,
  costCommand,
  auditCommand,
] as const;

/** A parsed `/sm` command. */
export type Command = ReturnType<(typeof commandSpecs)[number]['parse']>;
export type CommandKind = Command['kind'];
export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

export const commandNames: readonly CommandKind[] = commandSpecs.map((spec) => spec.name);

/** The spec of a sub-command, by name (case-insensitive); undefined when there is none. */
export function findSpec(name: string): CommandSpec<Command> | undefined {
  const wanted = name.toLowerCase();
  return (commandSpecs as readonly CommandSpec<Command>[]).find((spec) => spec.name === wanted);
}

/** The spec behind a parsed command: its role and action, for the authorization check. */
export function specOf(command: Command): CommandSpec<Command> {
  return findSpec(command.kind)!;
}
