// What the rotation works on and answers with: the units, their past duties, the slots to fill.
import type { Format } from '../gatherings/model';
import type { ServiceType } from '../units/serviceTypes';

/** The three duties that rotate: providing the venue, presenting a topic, and bringing a case ("kasus"). */
export const DUTIES = ['host', 'presenter', 'case'] as const;
export type Duty = (typeof DUTIES)[number];

export interface RotationUnit {
  id: number;
  name: string;
  serviceType: ServiceType;
  canHost: boolean;
  joinedOn: string;
  leftOn?: string | null;
}

export interface DutyRecord {
  date: string;
  format: Format;
  hostUnitId: number | null;
  presenterUnitIds: number[];
  /** The unit that brings the case (anonymised); none for gatherings from before the duty existed. */
  caseUnitId?: number | null;
}

export interface Slot {
  date: string;
  format: Format;
  locked?: { hostUnitId?: number | null; presenterUnitIds?: number[]; caseUnitId?: number | null };
}

export interface DutyReason {
  unitId: number;
  duty: Duty;
  lastDate: string | null;
  countInWindow: number;
  window: number;
  locked: boolean;
}

export interface Assignment {
  hostUnitId: number | null;
  presenterUnitIds: number[];
  caseUnitId: number | null;
  reasons: DutyReason[];
}
