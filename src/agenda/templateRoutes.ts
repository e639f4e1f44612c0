import { agendaSettings, setAgendaTemplate } from './queries';
import { savedTemplate } from './checks';
import { loadNetworkFor } from '../networks/access';
import { Router, type Request, type Response } from 'express';
import { canEditGatherings } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import type { Network } from '../networks/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { DEFAULT_TEMPLATE, ITEM_KINDS } from './checks';
import { postedTemplateRows, TEMPLATE_ROWS, templateForm } from './schema';

/** A network's own agenda template: the items every new agenda starts from, with their share of the time. */
export function agendaTemplateRoutes(db: Db): Router {
  const router = Router();
  const page = (network: Network) => `/networks/${network.id}/agenda-template`;

  async function render(
    req: Request,
    res: Response,
    network: Network,
    status = 200,
    rows?: { kind: unknown; title: unknown; percent: unknown }[],
    errors: FormErrors = {},
  ) {
    const t = res.locals.t;
    const { agendaTemplate: template, minExchangePercent } = await agendaSettings(db, network.id);
    const shown = rows ?? template ?? DEFAULT_TEMPLATE;
    res.status(status).render('agenda/template', {
      title: t('agenda.template.title', { name: network.name }),
      network,
      custom: template !== null,
      minExchangePercent,
      rows: Array.from({ length: TEMPLATE_ROWS }, (_, i) => ({
        index: i + 1,
        kind: String(shown[i]?.kind ?? ''),
        title: String(shown[i]?.title ?? ''),
        percent: shown[i]?.kind === 'exchange' ? '' : String(shown[i]?.percent ?? ''),
      })),
      kindOptions: ITEM_KINDS.map((kind) => ({ value: kind, label: t(`agenda.kinds.${kind}`) })),
      errors,
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  }

  router.get('/networks/:id/agenda-template', async (req, res) =>
    render(req, res, await loadNetworkFor(db, req, canEditGatherings)),
  );

  router.post('/networks/:id/agenda-template', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const rows = postedTemplateRows(req.body);
    await submitForm(res, {
      db,
      input: req.body,
      schema: templateForm,
      render: (status, errors) => render(req, res, network, status, rows, errors),
      save: async (form, trx) => {
        const { agendaTemplate: template, minExchangePercent } = await agendaSettings(trx, network.id);
        const items = savedTemplate(form.items, minExchangePercent);
        if (!items) throw new FieldError('items', 'agenda.template.errors.total');
        await setAgendaTemplate(trx, network.id, items);
        await recordAudit(trx, auditContext(req), {
          action: 'updateAgendaTemplate',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { template },
          after: { template: items },
        });
        return page(network);
      },
      saved: 'common.saved',
    });
  });

  // Back to Samling's default template.
  router.post('/networks/:id/agenda-template/reset', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    await db.transaction(async (trx) => {
      await setAgendaTemplate(trx, network.id, null);
      await recordAudit(trx, auditContext(req), {
        action: 'resetAgendaTemplate',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
      });
    });
    res.locals.setFlash('agenda.template.reset');
    res.redirect(303, page(network));
  });

  return router;
}
