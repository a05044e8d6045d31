/** Every Redis key the store writes, under one prefix (CHATOPS_PREFIX). */
export function keys(prefix: string) {
  return {
    audit: `${prefix}:audit`,
    dedupe: (id: string) => `${prefix}:dedupe:${id}`,
    training: (name: string) => `${prefix}:training:${name}`,
    tracked: `${prefix}:training:tracked`,
    byUser: (user: string) => `${prefix}:training:by-user:${user}`,
    recent: `${prefix}:training:recent`,
    groups: (group: string) => `${prefix}:usergroup:${group}`,
  };
}
