// What the rotation works on and answers with: the units, their past duties, the slots to fill.
import type { Format } from '../gatherings/model';
import type { ServiceType } from '../units/serviceTypes';

export type Duty = 'host' | 'presenter';

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
}

export interface Slot {
  date: string;
  format: Format;
  locked?: { hostUnitId?: number | null; presenterUnitIds?: number[] };
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
  reasons: DutyReason[];
}
