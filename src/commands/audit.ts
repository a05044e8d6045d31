import type { CommandSpec } from './spec.ts';
import { shown, usageError, wordsOnly } from './spec.ts';

export interface AuditCommand {
  kind: 'audit';
  /** How many entries to show, newest first. */
  limit: number;
}

export const AUDIT_DEFAULT_LIMIT = 20;
export const AUDIT_MAX_LIMIT = 200;

export const auditCommand: CommandSpec<AuditCommand> = {
  name: 'audit',
  usage: '/sm audit [n]',
  summary: 'Show the latest audit entries: who did what, when, and the outcome.',
  role: 'admin',
  action: 'read the audit trail',
  details: () => `Shows the newest \`n\` entries of the audit trail (default ${AUDIT_DEFAULT_LIMIT}, at most ${AUDIT_MAX_LIMIT}): every command, decision and job, with who, when and the outcome.`,
  parse(args) {
    const words = wordsOnly(auditCommand, args);
    if (words.length > 1) throw usageError(auditCommand, '`/sm audit` takes at most one number.');
    const word = words[0];
    if (word === undefined) return { kind: 'audit', limit: AUDIT_DEFAULT_LIMIT };
    const limit = /^\d{1,4}$/.test(word) ? Number(word) : NaN;
    if (!(limit >= 1 && limit <= AUDIT_MAX_LIMIT)) {
      throw usageError(auditCommand, `${shown(word)} is not a count: give a whole number from 1 to ${AUDIT_MAX_LIMIT}.`);
    }
    return { kind: 'audit', limit };
  },
};
