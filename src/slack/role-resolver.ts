import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { RoleName, TeamConfig } from '../config.ts';
import { groupsReferenced, memberOf } from '../domain/roles.ts';
import { keys } from '../store/keys.ts';

/**
 * Decides whether a Slack user holds a role. Roles name user ids directly or Slack user
 * groups; group members come from `usergroups.users.list`, cached briefly in Redis so that a
 * burst of commands costs one Slack call and a membership change takes effect within the TTL.
 * @defaultValue ttlSeconds 60
 */
export class RoleResolver {
  constructor(
    private readonly roles: TeamConfig['roles'],
    private readonly slack: WebClient,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 60,
  ) {}

  async has(user: string, role: RoleName): Promise<boolean> {
    if (memberOf(this.roles, role, user, [])) return true;
    const groups = groupsReferenced(this.roles);
    if (groups.length === 0) return false;
    return memberOf(this.roles, role, user, await this.groupsOf(user, groups));
  }

  private async groupsOf(user: string, groups: string[]): Promise<string[]> {
    const memberships = await Promise.all(groups.map(async (group) => ((await this.members(group)).includes(user) ? group : undefined)));
    return memberships.filter((group): group is string => group !== undefined);
  }

  private async members(group: string): Promise<string[]> {
    const key = keys(this.prefix).groups(group);
    const cached = await this.redis.get(key);
    if (cached) return JSON.parse(cached) as string[];
    const response = await this.slack.usergroups.users.list({ usergroup: group });
    const users = response.users ?? [];
    await this.redis.set(key, JSON.stringify(users), 'EX', this.ttlSeconds);
    return users;
  }
}
