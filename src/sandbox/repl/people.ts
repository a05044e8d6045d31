import type { Config } from '../../config.ts';
import { rolesOf } from '../../domain/roles.ts';
import { DEMO_USERGROUP_NAMES, DEMO_USERGROUPS, DEMO_USERS, SANDBOX_CHANNEL } from '../demo-config.ts';
import type { Directory } from './mrkdwn.ts';
import type { ReplUser } from './repl.ts';

/** The demo people with the roles the config gives them. */
export function replUsers(config: Config): ReplUser[] {
  return DEMO_USERS.map((user) => {
    const groups = Object.entries(DEMO_USERGROUPS)
      .filter(([, members]) => members.includes(user.id))
      .map(([group]) => group);
    return {
      id: user.id,
      name: user.realName ?? user.name,
      handle: user.name,
      roles: shownRoles(rolesOf(config.team.roles, user.id, groups)),
      groups: groups.map((group) => DEMO_USERGROUP_NAMES[group] ?? group),
    };
  });
}

/** Every role can view, so "viewer" is worth showing only when it is all someone has. */
function shownRoles(roles: readonly string[]): string[] {
  const beyond = roles.filter((role) => role !== 'viewer');
  return beyond.length > 0 ? beyond : [...roles];
}

/** Names for the ids that appear in messages. */
export function directoryOf(config: Config): Directory {
  const { channels } = config.team;
  return {
    users: new Map([...DEMO_USERS.map((u): [string, string] => [u.id, u.realName ?? u.name]), ['U0FAKEBOT', 'sagemaker-chatops']]),
    channels: new Map([
      [channels.ops, 'ml-ops'],
      [channels.alerts, 'ml-alerts'],
      [channels.approvals, 'ml-approvals'],
      [SANDBOX_CHANNEL.id, SANDBOX_CHANNEL.name],
    ]),
    usergroups: new Map(Object.entries(DEMO_USERGROUP_NAMES)),
  };
}
