import { z } from 'zod';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { LANGUAGES } from '../kernel/i18n';
import { checkbox, choice, searchText, email, id, page, phone, requiredText, version } from '../kernel/fields';

export const PROFESSIONS = [
  'nurse',
  'psychologist',
  'physician',
  'psychiatrist',
  'socialWorker',
  'welfareNurse',
  'experienceConsultant',
  'navAdviser',
  'childWelfareWorker',
  'occupationalTherapist',
  'manager',
  'other',
] as const;

export const participantForm = z.object({
  unitId: id(),
  name: requiredText(120),
  email: email(),
  phone: phone(),
  profession: choice(PROFESSIONS),
  isUserRepresentative: checkbox(),
  isRelativesRepresentative: checkbox(),
  language: choice(LANGUAGES),
});
export type ParticipantForm = z.infer<typeof participantForm>;

export const participantUpdateForm = participantForm.extend({ version: version() });

export const participantUniqueIndexes = {
  participants_email_unique: { field: 'email', messageKey: 'participants.errors.duplicateEmail' },
};

export const participantListQuery = z.object({
  q: searchText(),
  regionId: id().optional().catch(undefined),
  serviceType: z.enum(SERVICE_TYPES).optional().catch(undefined),
  profession: z.enum(PROFESSIONS).optional().catch(undefined),
  archived: checkbox().catch(false),
  page: page(),
});
export type ParticipantListQuery = z.infer<typeof participantListQuery>;
