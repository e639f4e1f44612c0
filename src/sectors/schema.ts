import { z } from 'zod';
import { id, optionalText, requiredText, version } from '../kernel/fields';

/** One municipality per line (or comma-separated), trimmed, without blanks or repeats. */
const municipalities = optionalText(2000).transform((text) => [
  ...new Set(
    text
      .split(/[\n,]/)
      .map((name) => name.trim())
      .filter(Boolean),
  ),
]);

export const sectorForm = z.object({
  regionId: id(),
  name: requiredText(100),
  healthTrust: requiredText(100),
  municipalities,
});
export type SectorForm = z.infer<typeof sectorForm>;

export const sectorUpdateForm = sectorForm.extend({ version: version() });

export const sectorUniqueIndexes = {
  sectors_region_name_unique: { field: 'name', messageKey: 'sectors.errors.duplicateName' },
};
