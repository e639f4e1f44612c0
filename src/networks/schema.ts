import { z } from 'zod';
import { ROLES } from '../access/roles';
import { choice, id, optionalDate, optionalText, requiredText, version } from '../kernel/fields';

export const NETWORK_KINDS = ['local', 'learning'] as const;
export const NETWORK_STATUSES = ['planned', 'active', 'ended'] as const;

export const networkForm = z
  .object({
    sectorId: id(),
    name: requiredText(120),
    kind: choice(NETWORK_KINDS),
    status: choice(NETWORK_STATUSES),
    startsOn: optionalDate(),
    endsOn: optionalDate(),
    description: optionalText(2000),
  })
  .superRefine((form, ctx) => {
    // docs/domain.md, rule 11: a learning network runs for a fixed period (two years), so it needs both dates.
    if (form.kind === 'learning' && !form.startsOn)
      ctx.addIssue({ code: 'custom', path: ['startsOn'], message: 'networks.errors.learningNeedsPeriod' });
    if (form.kind === 'learning' && !form.endsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'networks.errors.learningNeedsPeriod' });
    if (form.startsOn && form.endsOn && form.endsOn <= form.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'networks.errors.endBeforeStart' });
    else if (form.kind === 'learning' && form.startsOn && form.endsOn) {
      // About two years: between one and three (the database holds the same bounds).
      const days = (Date.parse(form.endsOn) - Date.parse(form.startsOn)) / 86_400_000;
      if (days < LEARNING_PERIOD_DAYS.min || days > LEARNING_PERIOD_DAYS.max)
        ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'networks.errors.learningPeriodLength' });
    }
  });

/** A learning network's period in days: about two years, at least one and at most three. */
export const LEARNING_PERIOD_DAYS = { min: 365, max: 1096 };
export type NetworkForm = z.infer<typeof networkForm>;

export const networkUpdateForm = networkForm.and(z.object({ version: version() }));

export const networkUniqueIndexes = {
  networks_sector_name_unique: { field: 'name', messageKey: 'networks.errors.duplicateName' },
};

export const membershipForm = z.object({ participantId: id(), role: choice(ROLES) });
export const roleForm = z.object({ role: choice(ROLES) });
export const memberUnitForm = z.object({ unitId: id() });

export const membershipUniqueIndexes = {
  memberships_current_unique: { field: 'participantId', messageKey: 'networks.errors.alreadyMember' },
  memberships_one_current_leader: { field: 'role', messageKey: 'networks.errors.alreadyHasLeader' },
  network_units_current_unique: { field: 'unitId', messageKey: 'networks.errors.unitAlreadyMember' },
};

export const memberParams = z.object({
  id: id(),
  memberId: id(),
});
