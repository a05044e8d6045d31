/** The `/sm` grammar: text → Command (pure), plus usage and help text. */
export { parseCommand, overviewUsage } from './parse-command.ts';
export { helpText } from './help-text.ts';
export { commandSpecs, commandNames, findSpec, specOf } from './registry.ts';
export type { Command, CommandKind, CommandOf } from './registry.ts';
export type { CommandSpec } from './spec.ts';
export type { TrainCommand } from './train.ts';
export type { HelpCommand } from './help.ts';
export type { StatusCommand } from './status.ts';
export type { StopCommand } from './stop.ts';
export type { JobsCommand } from './jobs.ts';
export type { AuditCommand } from './audit.ts';
export type { ModelsCommand } from './models.ts';
export type { DeployCommand } from './deploy.ts';
export type { EndpointsCommand } from './endpoints.ts';
export type { RollbackCommand } from './rollback.ts';
export type { ApprovalsCommand } from './approvals.ts';
export type { AlertsCommand } from './alerts.ts';
export type { CostCommand } from './cost.ts';
