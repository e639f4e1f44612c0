/** A person's role in a network: what they may do there follows from it (src/access/policy.ts). */
export const ROLES = ['leader', 'workingGroup', 'participant'] as const;
export type Role = (typeof ROLES)[number];
