import { describe, expect, it } from 'vitest';
import { groupsReferenced, memberOf, needsGroups, requireRole, rolesOf, type RoleLists } from '../../src/domain/roles.ts';
import { ForbiddenError } from '../../src/errors.ts';

const roles: RoleLists = {
  viewer: ['*'],
  operator: ['U0BOB', 'S0OPS'],
  approver: ['U0ALICE', 'S0MLLEADS'],
  admin: ['U0ADMIN'],
};

describe('memberOf', () => {
  it('lets everyone hold a role listed as "*"', () => {
    expect(memberOf(roles, 'viewer', 'U0ANYONE', [])).toBe(true);
  });

  it('matches users listed by id', () => {
    expect(memberOf(roles, 'operator', 'U0BOB', [])).toBe(true);
    expect(memberOf(roles, 'operator', 'U0EVE', [])).toBe(false);
  });

  it('matches users through the groups they belong to', () => {
    expect(memberOf(roles, 'approver', 'U0CAROL', ['S0MLLEADS'])).toBe(true);
    expect(memberOf(roles, 'approver', 'U0CAROL', ['S0OTHER'])).toBe(false);
  });

  it('does not treat a user id in the group list as a group', () => {
    expect(memberOf(roles, 'operator', 'U0EVE', ['U0BOB'])).toBe(false);
  });

  it('gives an admin every role, approver included', () => {
    expect(rolesOf(roles, 'U0ADMIN', [])).toEqual(['viewer', 'operator', 'approver', 'admin']);
  });

  it('keeps approver apart from operator', () => {
    expect(rolesOf(roles, 'U0ALICE', [])).toEqual(['viewer', 'approver']);
    expect(rolesOf(roles, 'U0BOB', [])).toEqual(['viewer', 'operator']);
  });

  it('lets operators view even when viewer is not "*"', () => {
    const strict: RoleLists = { ...roles, viewer: [] };
    expect(memberOf(strict, 'viewer', 'U0BOB', [])).toBe(true);
    expect(memberOf(strict, 'viewer', 'U0EVE', [])).toBe(false);
  });

  it('does not make "*" in viewer an operator', () => {
    expect(memberOf(roles, 'operator', 'U0ANYONE', [])).toBe(false);
  });
});

describe('groupsReferenced', () => {
  it('lists every S… id once, sorted', () => {
    expect(groupsReferenced({ ...roles, admin: ['S0OPS', 'U0ADMIN'] })).toEqual(['S0MLLEADS', 'S0OPS']);
  });
});

describe('needsGroups', () => {
  it('is false when the user is listed directly or the role holds "*"', () => {
    expect(needsGroups(roles, 'operator', 'U0BOB')).toBe(false);
    expect(needsGroups(roles, 'viewer', 'U0ANYONE')).toBe(false);
  });

  it('is true when only a group could grant the role', () => {
    expect(needsGroups(roles, 'operator', 'U0EVE')).toBe(true);
    expect(needsGroups(roles, 'admin', 'U0EVE')).toBe(false);
  });
});

describe('requireRole', () => {
  it('returns quietly for a member', () => {
    expect(() => requireRole(roles, 'operator', 'U0BOB', [], 'start training jobs')).not.toThrow();
  });

  it('throws a ForbiddenError naming the role for anyone else', () => {
    try {
      requireRole(roles, 'admin', 'U0BOB', [], 'change roles');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).role).toBe('admin');
      expect((error as ForbiddenError).userMessage).toBe('You need the *admin* role to change roles.');
    }
  });
});
