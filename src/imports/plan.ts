import type { z } from 'zod';
import type { Role } from '../access/roles';
import type { Language } from '../kernel/i18n';
import { optionalText } from '../kernel/fields';
import { containsFnr, isFnrWithoutLeadingZero } from '../privacy/fnr';
import { participantForm, type PROFESSIONS } from '../participants/schema';
import { unitForm } from '../units/schema';
import type { SERVICE_TYPES } from '../units/serviceTypes';
import { choiceFromLabel, type ImportField, type Mapping, mapRow } from './mapping';

type Profession = (typeof PROFESSIONS)[number];
type ServiceType = (typeof SERVICE_TYPES)[number];

/** Where the rows go: a region's units and people, or a network's members (and their units, in its region). */
export type Scope = { kind: 'region'; regionId: number } | { kind: 'network'; networkId: number; regionId: number };

/** Labels a cell may use for each choice (codes are always accepted). */
export interface ChoiceLabels {
  profession: Record<Profession, string[]>;
  serviceType: Record<ServiceType, string[]>;
  role: Record<Role, string[]>;
  language: Record<Language, string[]>;
}

export interface ExistingPerson {
  id: number;
  email: string;
  name: string;
  phone: string;
  unitId: number;
  profession: string;
  language: string;
  regionId: number;
  archived: boolean;
  /** Whether the actor may edit this person (canChangePerson … 'edit'). */
  mayEdit: boolean;
  /** Whether the person is a current member of the scope's network. */
  isMember: boolean;
}

export interface ExistingUnit {
  id: number;
  organisation: string;
  name: string;
  archived: boolean;
  /** Whether the unit is a current member of the scope's network. */
  inNetwork: boolean;
}

export type UnitStep =
  | { kind: 'matched'; id: number; inNetwork: boolean }
  | { kind: 'created'; key: string; organisation: string; name: string; serviceType: ServiceType; firstLine: number };

export type PersonStep =
  | { kind: 'new'; name: string; email: string; phone: string; profession: Profession; language: Language }
  | { kind: 'update'; id: number; changes: Record<string, string | number> }
  | { kind: 'unchanged'; id: number };

/** A refusal: a catalogue key, with the column it is about when there is one. */
export interface Reason {
  column?: string;
  messageKey: string;
}

/** A row that will be written. */
export interface RowSteps {
  line: number;
  refused?: undefined;
  unit?: UnitStep;
  person?: PersonStep;
  membership?: Role | 'existing';
}

export type RowPlan = { line: number; refused: Reason[] } | RowSteps;

const personCells = participantForm.pick({ name: true, email: true, phone: true });
const unitCells = unitForm.pick({ organisation: true, name: true });
const anyCell = optionalText(2000);
/** Leaders are chosen on the members page, one at a time; a sheet adds members and the working group. */
const IMPORTABLE_ROLES: readonly Role[] = ['participant', 'workingGroup'];

/**
 * What a cell that read as a national identity number is stored as between preview and confirm:
 * the number itself is never kept, not even for the hour a draft lives (jsonb holds no NUL, so a
 * private-use character marks it).
 */
export const REMOVED_CELL = '\uE000fnr';

/** A fødselsnummer or D-nummer however written, also one stored as a number that lost its leading zero. */
const isIdentityNumber = (cell: string) => containsFnr(cell) || isFnrWithoutLeadingZero(cell.replace(/\s/g, ''));

/** The sheet as it may be kept: every cell or header with a fødselsnummer or D-nummer replaced. */
export function withoutIdentityNumbers(sheet: { headers: string[]; rows: string[][] }) {
  // A NUL (which an .xlsx can spell as _x0000_) cannot be stored in jsonb: it becomes another
  // control character, which refuses the row as the forms would.
  const scrub = (cell: string) => (isIdentityNumber(cell) ? REMOVED_CELL : cell.replaceAll('\u0000', '\u0001'));
  return {
    headers: sheet.headers.map((header) => (isIdentityNumber(header) ? '' : header)),
    rows: sheet.rows.map((row) => row.map(scrub)),
  };
}

const unitKey = (organisation: string, name: string) =>
  `${organisation.trim().toLowerCase()}\u0000${name.trim().toLowerCase()}`;

/**
 * Decides what each row will do, before anything is written (the preview) and again inside the
 * confirming transaction (what is written). Rows are 1-based sheet lines, the header being line 1.
 * Every cell, read or not, passes the form's rules: a fødselsnummer in a comment column refuses its row.
 */
export function planRows(input: {
  scope: Scope;
  headers: string[];
  rows: string[][];
  mapping: Mapping;
  labels: ChoiceLabels;
  people: Map<string, ExistingPerson>;
  units: ExistingUnit[];
}): RowPlan[] {
  const { scope, headers, mapping, labels } = input;
  const byKey = new Map(input.units.map((u) => [unitKey(u.organisation, u.name), u]));
  const created = new Map<string, UnitStep & { kind: 'created' }>();
  const seenEmails = new Set<string>();
  const mapped = new Set(mapping.filter((f): f is ImportField => f !== undefined));

  return input.rows.map((row, index): RowPlan => {
    const line = index + 2;
    const reasons: Reason[] = [];
    const column = (field: ImportField) => headers[mapping.indexOf(field)] || field;
    // Every cell, mapped or not, must be text the forms would accept.
    row.forEach((cell, i) => {
      const result = cell === REMOVED_CELL ? undefined : anyCell.safeParse(cell);
      if (!result?.success)
        reasons.push({
          column: headers[i] || `#${i + 1}`,
          messageKey: result ? firstMessage(result.error) : 'errors.fnr',
        });
    });
    if (reasons.length > 0) return { line, refused: reasons };
    const cells = mapRow(row, mapping);

    // The unit: matched in the region (or made by an earlier row), or created from organisation, name and service type.
    let unit: UnitStep | undefined;
    if (cells.unit || cells.organisation) {
      const parsed = unitCells.safeParse({ organisation: cells.organisation ?? '', name: cells.unit ?? '' });
      const organisation = cells.organisation ?? '';
      const name = cells.unit ?? '';
      const key = unitKey(organisation, name);
      const byName = organisation
        ? undefined
        : input.units.filter((u) => u.name.trim().toLowerCase() === name.trim().toLowerCase());
      const existing = byKey.get(key) ?? (byName?.length === 1 ? byName[0] : undefined);
      if (existing?.archived) reasons.push({ column: column('unit'), messageKey: 'imports.reasons.unitArchived' });
      else if (existing) unit = { kind: 'matched', id: existing.id, inNetwork: existing.inNetwork };
      else if (created.has(key)) unit = created.get(key);
      else if (!parsed.success) {
        for (const issue of parsed.error.issues)
          reasons.push({
            column: column(issue.path[0] === 'name' ? 'unit' : 'organisation'),
            messageKey: issue.message,
          });
      } else {
        const serviceType = choiceFromLabel(cells.serviceType ?? '', labels.serviceType);
        if (!serviceType)
          reasons.push({
            column: column('serviceType'),
            messageKey: mapped.has('serviceType') ? 'imports.reasons.serviceType' : 'imports.reasons.unitUnknown',
          });
        else {
          const step = { kind: 'created' as const, key, ...parsed.data, serviceType, firstLine: line };
          created.set(key, step);
          unit = step;
        }
      }
    }

    // The person, matched by email address.
    let person: PersonStep | undefined;
    let membership: Role | 'existing' | undefined;
    if (cells.name || cells.email) {
      const parsed = personCells.safeParse({
        name: cells.name ?? '',
        email: cells.email ?? '',
        phone: cells.phone ?? '',
      });
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          reasons.push({ column: column(String(issue.path[0]) as ImportField), messageKey: issue.message });
      const profession = cells.profession ? choiceFromLabel(cells.profession, labels.profession) : undefined;
      if (cells.profession && !profession) reasons.push({ column: column('profession'), messageKey: 'errors.choice' });
      const language = cells.language ? choiceFromLabel(cells.language, labels.language) : undefined;
      if (cells.language && !language) reasons.push({ column: column('language'), messageKey: 'errors.choice' });
      let role: Role | undefined;
      if (scope.kind === 'network') {
        role = cells.role ? choiceFromLabel(cells.role, labels.role) : 'participant';
        if (!role || !IMPORTABLE_ROLES.includes(role))
          reasons.push({ column: column('role'), messageKey: 'imports.reasons.role' });
      }
      if (parsed.success && reasons.length === 0) {
        const { email, name, phone } = parsed.data;
        const existing = input.people.get(email);
        const unitId = unit?.kind === 'matched' ? unit.id : undefined;
        if (seenEmails.has(email)) reasons.push({ column: column('email'), messageKey: 'imports.reasons.sameEmail' });
        else if (existing?.archived) reasons.push({ column: column('email'), messageKey: 'imports.reasons.archived' });
        else if (existing && existing.regionId !== scope.regionId)
          reasons.push({ column: column('email'), messageKey: 'imports.reasons.otherRegion' });
        else if (existing) {
          const changes: Record<string, string | number> = {};
          if (name !== existing.name) changes.name = name;
          if (phone && phone !== existing.phone) changes.phone = phone;
          if (profession && profession !== existing.profession) changes.profession = profession;
          if (language && language !== existing.language) changes.language = language;
          if (unit?.kind === 'created' || (unitId !== undefined && unitId !== existing.unitId))
            changes.unitId = unitId ?? 0;
          if (Object.keys(changes).length > 0 && !existing.mayEdit)
            reasons.push({ column: column('email'), messageKey: 'imports.reasons.mayNotEdit' });
          else
            person =
              Object.keys(changes).length > 0
                ? { kind: 'update', id: existing.id, changes }
                : { kind: 'unchanged', id: existing.id };
          if (role) membership = existing.isMember ? 'existing' : role;
        } else if (!unit) reasons.push({ column: column('unit'), messageKey: 'imports.reasons.unitMissing' });
        else {
          person = { kind: 'new', name, email, phone, profession: profession ?? 'other', language: language ?? 'nb' };
          if (role) membership = role;
        }
        seenEmails.add(email);
      }
    } else if (!unit && reasons.length === 0) reasons.push({ messageKey: 'imports.reasons.nothing' });

    if (reasons.length > 0) {
      // A unit this row would have made is not made, so a later row with it makes it.
      if (unit?.kind === 'created' && unit.firstLine === line) created.delete(unit.key);
      return { line, refused: reasons };
    }
    return { line, unit, person, membership };
  });
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'errors.invalid';
}

/** Counts for the preview's summary and the audit entry. */
export function summarise(plans: RowPlan[]) {
  const count = (test: (plan: RowPlan) => boolean) => plans.filter(test).length;
  return {
    rows: plans.length,
    refused: count((p) => p.refused !== undefined),
    newPeople: count((p) => !p.refused && p.person?.kind === 'new'),
    updatedPeople: count((p) => !p.refused && p.person?.kind === 'update'),
    newUnits: count((p) => !p.refused && p.unit?.kind === 'created' && p.unit.firstLine === p.line),
    newMemberships: count((p) => !p.refused && p.membership !== undefined && p.membership !== 'existing'),
  };
}
