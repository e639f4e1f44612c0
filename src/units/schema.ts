import { z } from 'zod';
import { SERVICE_TYPES } from './serviceTypes';
import {
  checkbox,
  choice,
  searchText,
  id,
  optionalEmail,
  optionalLine,
  page,
  requiredText,
  version,
} from '../kernel/fields';

export const unitForm = z.object({
  regionId: id(),
  organisation: requiredText(120),
  name: requiredText(120),
  serviceType: choice(SERVICE_TYPES),
  address: optionalLine(300),
  canHost: checkbox(),
  managerName: optionalLine(120),
  managerEmail: optionalEmail(),
});
export type UnitForm = z.infer<typeof unitForm>;

export const unitUpdateForm = unitForm.extend({ version: version() });

export const unitUniqueIndexes = {
  units_region_org_name_unique: { field: 'name', messageKey: 'units.errors.duplicateName' },
};

/** List filters from the query string; a bad value is ignored rather than an error. */
export const unitListQuery = z.object({
  q: searchText(),
  regionId: id().optional().catch(undefined),
  serviceType: z.enum(SERVICE_TYPES).optional().catch(undefined),
  archived: checkbox().catch(false),
  page: page(),
});
export type UnitListQuery = z.infer<typeof unitListQuery>;
