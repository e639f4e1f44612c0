import type { Response } from 'express';
import type { Db } from '../db/knex';
import { FieldError } from '../kernel/errors';
import type { FormErrors } from '../web/forms';
import { regionMunicipalities, type UnitProfile } from './queries';
import type { ProfileForm } from './schema';

/** A profile's values as its form shows them. */
export const formValuesOf = (profile: UnitProfile) => ({
  offer: profile.offer,
  targetGroup: profile.targetGroup,
  howToContact: profile.howToContact,
  contactEmail: profile.contactEmail,
  contactPhone: profile.contactPhone,
  openingHours: profile.openingHours,
  needsFromOthers: profile.needsFromOthers,
  municipalities: profile.municipalities,
  version: profile.version,
});

/** The profile form, signed in or opened from the yearly email's link. */
export async function renderProfileForm(
  db: Db,
  res: Response,
  page: { status: number; profile: UnitProfile; values: Record<string, unknown>; errors: FormErrors },
  links: { action: string; cancel: string; breadcrumbs?: { href: string; label: string }[] },
): Promise<void> {
  const { profile, values } = page;
  const chosen = new Set(
    ([] as unknown[]).concat(values.municipalities ?? []).filter((m): m is string => typeof m === 'string'),
  );
  const municipalities = await regionMunicipalities(db, profile.regionId);
  res.status(page.status).render('catalogue/form', {
    title: res.locals.t('catalogue.editTitle', { name: `${profile.organisation} – ${profile.name}` }),
    profile,
    values,
    errors: page.errors,
    municipalityOptions: municipalities.map((name) => ({ name, checked: chosen.has(name) })),
    ...links,
  });
}

/** Municipalities must be those of the region's DPS sectors, so the catalogue's filter finds them. */
export async function checkMunicipalities(db: Db, regionId: number, form: ProfileForm): Promise<void> {
  const known = new Set(await regionMunicipalities(db, regionId));
  if (form.municipalities.some((m) => !known.has(m))) throw new FieldError('municipalities', 'errors.choice');
}
