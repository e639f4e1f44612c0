import { ROLES, type Role } from '../access/roles';
import { catalogues, LANGUAGES, type Language, type Translate } from '../kernel/i18n';
import { PROFESSIONS } from '../participants/schema';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { IMPORT_FIELDS, type Mapping } from './mapping';
import { type ChoiceLabels, REMOVED_CELL, type RowPlan, type summarise } from './plan';

const labelsOf = <T extends string>(codes: readonly T[], path: string[], extra: Partial<Record<T, string[]>> = {}) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      [...LANGUAGES.map((language) => lookUp(catalogues[language], [...path, code])), ...(extra[code] ?? [])].filter(
        (label): label is string => typeof label === 'string',
      ),
    ]),
  ) as Record<T, string[]>;

function lookUp(catalogue: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalogue);
}

/** What a cell may say for each choice: the labels in bokmål and nynorsk, and common English and short forms. */
export const CHOICE_LABELS: ChoiceLabels = {
  profession: labelsOf(PROFESSIONS, ['common', 'professions'], {
    physician: ['doctor', 'lege'],
    socialWorker: ['social worker'],
    navAdviser: ['nav adviser', 'nav-rettleiar'],
    manager: ['leiar'],
    other: ['annen', 'anna'],
  }),
  serviceType: labelsOf(SERVICE_TYPES, ['common', 'serviceTypes'], {
    municipal: ['kommune', 'kommunal', 'municipality'],
    mentalHealth: ['dps', 'psykisk helse', 'mental health'],
    addiction: ['tsb', 'rus', 'rusbehandling', 'addiction treatment'],
    welfare: ['nav'],
    other: ['anna', 'annet'],
  }),
  role: labelsOf(ROLES, ['networks', 'roles'], {
    participant: ['deltaker', 'deltakar', 'medlem', 'member'],
    workingGroup: ['working group'],
  }),
  language: {
    nb: ['bokmål', 'bokmal', 'norsk', 'norwegian bokmål'],
    nn: ['nynorsk', 'norwegian nynorsk'],
  } satisfies Record<Language, string[]>,
};

/** The preview's one-line summary, each count in its singular or plural form ("1 ny person", "2 nye personer"). */
export function summaryText(t: Translate, summary: ReturnType<typeof summarise>): string {
  const phrase = (name: keyof typeof summary) => t(`imports.summary.${name}`, { count: summary[name] });
  const parts = (['newPeople', 'updatedPeople', 'newUnits', 'newMemberships', 'refused'] as const).map(phrase);
  return t('imports.summary.sentence', { rows: phrase('rows'), parts: parts.join(', ') });
}

/** The preview page's column selects and rows, in the reader's language. */
export function previewModel(t: Translate, headers: string[], rows: string[][], mapping: Mapping, plans: RowPlan[]) {
  const fieldOptions = [
    { value: '', label: t('imports.notRead') },
    ...IMPORT_FIELDS.map((field) => ({ value: field, label: t(`imports.fields.${field}`) })),
  ];
  return {
    columns: headers.map((header, i) => ({
      name: `m${i}`,
      header: header || `#${i + 1}`,
      options: fieldOptions.map((o) => ({ ...o, selected: o.value === (mapping[i] ?? '') })),
    })),
    mappingFields: mapping.map((field, i) => ({ name: `m${i}`, value: field ?? '' })),
    rows: plans.map((plan, i) => ({
      line: plan.line,
      cells: (rows[i] ?? []).map((cell) => (cell === REMOVED_CELL ? t('imports.removedCell') : cell)),
      refused: plan.refused !== undefined,
      outcome: outcomeText(t, plan),
    })),
  };
}

/** What will happen to one row, in words. */
export function outcomeText(t: Translate, plan: RowPlan): string[] {
  if (plan.refused)
    return plan.refused.map((reason) =>
      reason.column
        ? t('imports.outcome.refusedAt', { column: reason.column, reason: t(reason.messageKey) })
        : t('imports.outcome.refused', { reason: t(reason.messageKey) }),
    );
  const parts: string[] = [];
  const person = plan.person;
  if (person?.kind === 'new') parts.push(t('imports.outcome.newPerson'));
  if (person?.kind === 'update')
    parts.push(
      t('imports.outcome.update', {
        fields: Object.keys(person.changes)
          .map((field) => t(`imports.fields.${field === 'unitId' ? 'unit' : field}`).toLowerCase())
          .join(', '),
      }),
    );
  if (person?.kind === 'unchanged') parts.push(t('imports.outcome.unchanged'));
  if (plan.unit?.kind === 'created')
    parts.push(
      plan.unit.firstLine === plan.line
        ? t('imports.outcome.unitCreated', { unit: `${plan.unit.organisation} – ${plan.unit.name}` })
        : t('imports.outcome.unitFromLine', { line: plan.unit.firstLine }),
    );
  if (plan.unit?.kind === 'matched') parts.push(t('imports.outcome.unitMatched'));
  if (plan.membership === 'existing') parts.push(t('imports.outcome.alreadyMember'));
  else if (plan.membership)
    parts.push(t('imports.outcome.joins', { role: t(`networks.roles.${plan.membership as Role}`) }));
  return parts;
}
