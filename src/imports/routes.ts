import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { actorOf } from '../access/auth';
import { authorize, canManageMembers, canManageRegion } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { invitationMailOptions, inviteNewMember } from '../invitations/send';
import type { Config } from '../kernel/config';
import { NotFoundError } from '../kernel/errors';
import { optionalLine } from '../kernel/fields';
import { loadById } from '../kernel/params';
import { loadNetworkFor } from '../networks/access';
import type { Network } from '../networks/queries';
import { findRegion } from '../regions/queries';
import { byActor, actionLimit } from '../web/rateLimit';
import { chosenMapping, type Mapping, proposeMapping } from './mapping';
import { planRows, type RowPlan, type Scope, summarise, withoutIdentityNumbers } from './plan';
import { containsFnr } from '../privacy/fnr';
import { CHOICE_LABELS, previewModel, summaryText } from './preview';
import {
  applyPlan,
  type Draft,
  deleteDraft,
  dropExpiredDrafts,
  existingPeople,
  existingUnits,
  findDraft,
  markWhoMayBeEdited,
  saveDraft,
} from './queries';
import { LIMITS, readSpreadsheet, SpreadsheetError } from './read';

/** The paths whose posts carry a file (read before the CSRF check, src/app.ts). */
export const UPLOAD_PATHS = /^\/(regions|networks)\/[0-9]+\/import$/;

interface Target {
  scope: Scope;
  name: string;
  page: string;
  network?: Network;
}

type Handler = (req: Request, res: Response) => Promise<void>;

const draftParams = z.object({ draftId: z.uuid() });
/** A file's name is shown on the preview: one line of text, as the forms accept it. */
const fileNameCheck = optionalLine(200);

/**
 * Importing units and participants from a spreadsheet: upload → preview (the proposed columns,
 * every row's outcome) → confirm (one transaction, one audit entry). A KORUS admin imports into
 * their region; a network's leader imports members of the network. The read rows wait in
 * `import_drafts` for at most an hour and are deleted when the import is confirmed.
 */
export function importRoutes(db: Db, config: Config): Router {
  const router = Router();

  async function loadTarget(req: Request): Promise<Target> {
    if (req.path.startsWith('/regions/')) {
      const region = await loadById(req.params, (id) => findRegion(db, id));
      authorize(canManageRegion(actorOf(req), region.id));
      return { scope: { kind: 'region', regionId: region.id }, name: region.name, page: `/regions/${region.id}` };
    }
    const network = await loadNetworkFor(db, req, canManageMembers);
    return {
      scope: { kind: 'network', networkId: network.id, regionId: network.regionId },
      name: network.name,
      page: `/networks/${network.id}/members`,
      network,
    };
  }

  async function loadDraft(req: Request, target: Target): Promise<Draft> {
    const parsed = draftParams.safeParse(req.params);
    const draft = parsed.success ? await findDraft(db, parsed.data.draftId, actorOf(req).id, target.scope) : undefined;
    if (!draft) throw new NotFoundError('import draft');
    return draft;
  }

  /** Plans the draft's rows against the database as it is now (inside the confirming transaction, as written). */
  async function plan(trx: Db, req: Request, target: Target, draft: Draft, mapping: Mapping): Promise<RowPlan[]> {
    const emailColumn = mapping.indexOf('email');
    const emails = emailColumn < 0 ? [] : draft.rows.map((row) => (row[emailColumn] ?? '').trim().toLowerCase());
    const [people, units] = await Promise.all([
      existingPeople(trx, target.scope, emails.filter(Boolean)),
      existingUnits(trx, target.scope),
    ]);
    const input = {
      scope: target.scope,
      headers: draft.headers,
      rows: draft.rows,
      mapping,
      labels: CHOICE_LABELS,
      units,
      people,
    };
    const first = planRows(input);
    // Whether the actor may edit someone is asked only about those the sheet would change.
    const changed = first.flatMap((p) => (!p.refused && p.person?.kind === 'update' ? [p.person.id] : []));
    if (changed.length === 0) return first;
    await markWhoMayBeEdited(
      trx,
      actorOf(req),
      [...people.values()].filter((p) => changed.includes(p.id)),
    );
    return planRows(input);
  }

  const mappingFrom = (source: Record<string, unknown>, draft: Draft): Mapping =>
    Object.keys(source).some((key) => /^m[0-9]+$/.test(key))
      ? chosenMapping(
          draft.headers.map((_, i) => source[`m${i}`]),
          draft.headers.length,
        )
      : proposeMapping(draft.headers);

  function renderUpload(res: Response, target: Target, status = 200, error?: { key: string; params?: object }) {
    const t = res.locals.t;
    res.status(status).render('imports/upload', {
      title: t('imports.title', { name: target.name }),
      action: importPath(target),
      target,
      error: error ? t(`imports.errors.${error.key}`, { ...error.params }) : undefined,
      limits: { megabytes: LIMITS.fileBytes / 1024 / 1024, rows: LIMITS.rows },
      isNetwork: target.scope.kind === 'network',
      breadcrumbs: [{ href: target.page, label: target.name }],
    });
  }
  const importPath = (target: Target) =>
    target.scope.kind === 'region'
      ? `/regions/${target.scope.regionId}/import`
      : `/networks/${target.scope.networkId}/import`;

  const showUpload: Handler = async (request, res) => {
    renderUpload(res, await loadTarget(request));
  };

  const receiveUpload: Handler = async (request, res) => {
    const target = await loadTarget(request);
    await dropExpiredDrafts(db);
    if (request.uploadTooLarge) return renderUpload(res, target, 422, { key: 'tooLarge' });
    if (!request.file) return renderUpload(res, target, 422, { key: 'noFile' });
    try {
      // A fødselsnummer anywhere in the file is not kept: its cell is marked, and its row refused.
      const sheet = withoutIdentityNumbers(await readSpreadsheet(request.file.buffer));
      const fileName = Buffer.from(request.file.originalname, 'latin1').toString('utf8').slice(0, 200);
      const id = await saveDraft(db, {
        actorId: actorOf(request).id,
        scope: target.scope,
        fileName: containsFnr(fileName) || !fileNameCheck.safeParse(fileName).success ? '' : fileName,
        ...sheet,
      });
      res.redirect(303, `${importPath(target)}/${id}`);
    } catch (error) {
      if (!(error instanceof SpreadsheetError)) throw error;
      renderUpload(res, target, 422, { key: error.messageKey, params: error.params });
    }
  };

  const showPreview: Handler = async (request, res) => {
    const target = await loadTarget(request);
    const draft = await loadDraft(request, target);
    const mapping = mappingFrom(request.query as Record<string, unknown>, draft);
    const plans = await plan(db, request, target, draft, mapping);
    const t = res.locals.t;
    res.render('imports/preview', {
      title: t('imports.previewTitle', { name: target.name }),
      action: `${importPath(target)}/${draft.id}`,
      fileName: draft.fileName,
      headers: draft.headers.map((h, i) => h || `#${i + 1}`),
      summary: summaryText(t, summarise(plans)),
      ...previewModel(t, draft.headers, draft.rows, mapping, plans),
      breadcrumbs: [{ href: target.page, label: target.name }],
    });
  };

  const confirmImport: Handler = async (request, res) => {
    const target = await loadTarget(request);
    const draft = await loadDraft(request, target);
    const mapping = mappingFrom(request.body as Record<string, unknown>, draft);
    const actor = actorOf(request);
    const write = db.transaction(async (trx) => {
      const plans = await plan(trx, request, target, draft, mapping);
      const result = await applyPlan(trx, target.scope, plans);
      if (target.network && result.newMembers.length > 0) {
        const options = await invitationMailOptions(trx, target.network, actor, config);
        // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other
        for (const participantId of result.newMembers) await inviteNewMember(trx, participantId, options);
      }
      await deleteDraft(trx, draft.id);
      if (!result.wrote) return false;
      await recordAudit(trx, auditContext(request), {
        action: 'import',
        entityType: target.scope.kind === 'region' ? 'regions' : 'networks',
        entityId: target.scope.kind === 'region' ? target.scope.regionId : target.scope.networkId,
        regionId: target.scope.regionId,
        after: summarise(plans),
      });
      return true;
    });
    // Someone saved the same address or unit while this ran (each row was planned inside the
    // transaction, so only a save at that very moment collides): nothing written, the preview again.
    const wrote = await write.catch((error: unknown) => {
      if ((error as { code?: string } | null)?.code === '23505') return 'conflict' as const;
      throw error;
    });
    if (wrote === 'conflict') {
      res.locals.setFlash('imports.conflict');
      return res.redirect(303, `${importPath(target)}/${draft.id}`);
    }
    res.locals.setFlash(wrote ? 'imports.done' : 'imports.nothingChanged');
    res.redirect(303, target.page);
  };

  // New members are sent the invitations already out: limited like every route that sends email.
  const limit = actionLimit(db, 'import', { limit: 30 });
  // Reading a spreadsheet costs the server up to a second: 60 uploads an hour per person, whichever
  // region or network, is far more than anyone sorting out a file needs.
  const uploads = actionLimit(db, 'import-upload', { limit: 60, key: byActor });
  router.get('/regions/:id/import', showUpload);
  router.post('/regions/:id/import', uploads, receiveUpload);
  router.get('/regions/:id/import/:draftId', showPreview);
  router.post('/regions/:id/import/:draftId', limit, confirmImport);
  router.get('/networks/:id/import', showUpload);
  router.post('/networks/:id/import', uploads, receiveUpload);
  router.get('/networks/:id/import/:draftId', showPreview);
  router.post('/networks/:id/import/:draftId', limit, confirmImport);
  return router;
}
