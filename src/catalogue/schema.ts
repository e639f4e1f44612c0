import { z } from 'zod';
import { SERVICE_TYPES } from '../units/serviceTypes';
import {
  checkbox,
  id,
  optionalEmail,
  optionalLine,
  optionalText,
  phone,
  searchText,
  versionOrNew,
} from '../kernel/fields';

/** How long the yearly email's link opens the profile (confirm and edit) without signing in. */
export const CHECK_LINK_DAYS = 60;

/** Checkboxes with one name: nothing, one value or several. */
const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(item, { error: 'errors.choice' }).max(max, 'errors.tooLong'),
  );

/**
 * A unit's service profile. Every text passes the privacy guard (the field builders refuse an
 * identity number); the contact address and phone are the service's own, not a person's.
 */
export const profileForm = z.object({
  offer: optionalText(4000).refine((text) => text !== '', 'errors.required'),
  targetGroup: optionalText(2000),
  howToContact: optionalText(2000),
  contactEmail: optionalEmail(),
  contactPhone: phone(),
  openingHours: optionalLine(500),
  needsFromOthers: optionalText(2000),
  // Chosen from the municipalities of the region's DPS sectors (checked against them on save).
  municipalities: listOf(optionalLine(100), 200),
  // 0: the unit has no profile yet.
  version: versionOrNew(),
});
export type ProfileForm = z.infer<typeof profileForm>;

/** The catalogue's search: a bad value searches for nothing rather than failing. */
export const catalogueQuery = z.object({
  q: searchText(),
  serviceType: z.enum(SERVICE_TYPES).optional().catch(undefined),
  municipality: searchText(),
  sectorId: id().optional().catch(undefined),
});
export type CatalogueQuery = z.infer<typeof catalogueQuery>;

/** Min side: whether fellow network members see one's work email and phone. */
export const contactSharingForm = z.object({ sharesContactDetails: checkbox() });

/** A check link's token: URL-safe base64 of 32 bytes. */
export const checkTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
