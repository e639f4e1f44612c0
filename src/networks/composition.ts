import { CORE_SERVICES, type CoreService } from '../units/serviceTypes';
import type { Role } from '../access/roles';

// The leader works with a group drawn from the municipality, mental health care and addiction
// treatment: the three services a local ROP network exists to bring together. Pure.

/** Which core services nobody in the leader's working group (the leader included) comes from. */
export function missingFromWorkingGroup(members: { role: Role; serviceType: string }[]): CoreService[] {
  const present = new Set(
    members.filter((m) => m.role === 'leader' || m.role === 'workingGroup').map((m) => m.serviceType),
  );
  return CORE_SERVICES.filter((service) => !present.has(service));
}
