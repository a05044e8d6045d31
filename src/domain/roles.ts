import type { RoleName, TeamConfig } from '../config.ts';
import { ForbiddenError } from '../errors.ts';

/*
 * The role model (DESIGN.md, "Team config"). viewer < operator < admin is a ladder: a
 * higher rung holds every lower one. approver stands beside the ladder: approving a
 * deploy is a separate duty, so an operator is not an approver, nor an approver an
 * operator. admin holds every role, approver included. Every role can view.
 * Pure: the caller resolves the user's group memberships beforehand.
 */

export type RoleLists = TeamConfig['roles'];

/** For each role, the role lists whose members hold it. */
const GRANTED_BY: Record<RoleName, readonly RoleName[]> = {
  viewer: ['viewer', 'operator', 'approver', 'admin'],
  operator: ['operator', 'admin'],
  approver: ['approver', 'admin'],
  admin: ['admin'],
};

/** Every role, in the order they are shown to people. */
export const ALL_ROLES: readonly RoleName[] = ['viewer', 'operator', 'approver', 'admin'];

const EVERYONE = '*';
const isGroupId = (principal: string): boolean => principal.startsWith('S');

function listed(list: readonly string[], userId: string, userGroupIds: readonly string[]): boolean {
  return list.some((principal) => principal === EVERYONE || principal === userId || (isGroupId(principal) && userGroupIds.includes(principal)));
}

/**
 * True when the user holds `role`: listed directly (U…/W… id), through one of their user
 * groups (S… id), through "*", or through a role that includes it (admin ⊇ all).
 */
export function memberOf(roles: RoleLists, role: RoleName, userId: string, userGroupIds: readonly string[]): boolean {
  return GRANTED_BY[role].some((source) => listed(roles[source], userId, userGroupIds));
}

/** Every role the user holds, in display order. */
export function rolesOf(roles: RoleLists, userId: string, userGroupIds: readonly string[]): RoleName[] {
  return ALL_ROLES.filter((role) => memberOf(roles, role, userId, userGroupIds));
}

/** The user-group ids (S…) named anywhere in the roles: the ones the resolver must look up. */
export function groupsReferenced(roles: RoleLists): string[] {
  const groups = new Set<string>();
  for (const role of ALL_ROLES) for (const principal of roles[role]) if (isGroupId(principal)) groups.add(principal);
  return [...groups].sort();
}

/**
 * True when deciding `role` for this user needs their group list: some S… id could grant
 * it and no direct or "*" entry already does. Lets a handler skip the Slack look-up.
 */
export function needsGroups(roles: RoleLists, role: RoleName, userId: string): boolean {
  if (memberOf(roles, role, userId, [])) return false;
  return GRANTED_BY[role].some((source) => roles[source].some(isGroupId));
}

/**
 * Throws ForbiddenError unless the user holds `role`.
 * @param action what the user tried, in words that follow "to": `start training jobs`.
 */
export function requireRole(roles: RoleLists, role: RoleName, userId: string, userGroupIds: readonly string[], action: string): void {
  if (!memberOf(roles, role, userId, userGroupIds)) throw new ForbiddenError(role, action);
}
