// The kinds of service a unit belongs to, declared once (the database checks the same list).

export const SERVICE_TYPES = [
  'municipal',
  'mentalHealth',
  'addiction',
  'welfare',
  'userOrganisation',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The three services a local ROP network exists to bring together (docs/domain.md). */
export const CORE_SERVICES = ['municipal', 'mentalHealth', 'addiction'] as const satisfies readonly ServiceType[];
export type CoreService = (typeof CORE_SERVICES)[number];
