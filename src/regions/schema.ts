import { z } from 'zod';
import { requiredText, version } from '../kernel/fields';

export const regionForm = z.object({
  name: requiredText(100),
  korusCentre: requiredText(100),
});
export type RegionForm = z.infer<typeof regionForm>;

export const regionUpdateForm = regionForm.extend({ version: version() });

export const regionUniqueIndexes = {
  regions_name_unique: { field: 'name', messageKey: 'regions.errors.duplicateName' },
};
