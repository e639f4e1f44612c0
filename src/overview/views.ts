import type { Translate } from '../kernel/i18n';
import { SERVICE_TYPES } from '../units/serviceTypes';
import type { GatheringFigures } from './figures';

/** A gathering's figures as the per-gathering tables show them (figures page and reports). */
export function gatheringView(t: Translate, g: GatheringFigures) {
  return {
    ...g,
    present: g.presentFixed + g.presentStandIns,
    serviceTypeList: SERVICE_TYPES.filter((type) => g.serviceTypes[type])
      .map((type) => `${t(`common.serviceTypes.${type}`)} (${g.serviceTypes[type]})`)
      .join(', '),
    missingList: g.missingServiceTypes.map((type) => t(`common.serviceTypes.${type}`)).join(', '),
  };
}
