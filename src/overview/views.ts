import type { Translate } from '../kernel/i18n';
import { PROFESSIONS } from '../participants/schema';
import { SERVICE_TYPES } from '../units/serviceTypes';
import type { GatheringFigures, NetworkYearFigures } from './figures';

/** A gathering's figures as the per-gathering tables show them (figures page and reports). */
export function gatheringView(
  t: Translate,
  g: GatheringFigures,
  year: Pick<NetworkYearFigures, 'withoutRepresentative'>,
) {
  return {
    ...g,
    withoutRepresentative: year.withoutRepresentative.includes(g.id),
    present: g.presentFixed + g.presentStandIns,
    serviceTypeList: SERVICE_TYPES.filter((type) => g.serviceTypes[type])
      .map((type) => `${t(`common.serviceTypes.${type}`)} (${g.serviceTypes[type]})`)
      .join(', '),
    missingList: g.missingServiceTypes.map((type) => t(`common.serviceTypes.${type}`)).join(', '),
    professionList: professionList(t, g.professions),
  };
}

/** "Sykepleier (4), Psykolog (2)": those present per profession, in the list's order. */
export function professionList(
  t: Translate,
  professions: GatheringFigures['professions'] | NetworkYearFigures['professions'],
) {
  return PROFESSIONS.filter((code) => professions[code])
    .map((code) => `${t(`common.professions.${code}`)} (${professions[code]})`)
    .join(', ');
}
