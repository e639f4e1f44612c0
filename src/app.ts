import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import onHeaders from 'on-headers';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './kernel/config';
import { PROJECT_ROOT } from './kernel/projectRoot';
import { tokenGuessLimit } from './web/rateLimit';
import { CachedReads } from './db/cachedReads';
import type { Db } from './db/knex';
import { loginRoutes } from './accounts/loginRoutes';
import { calendarRoutes } from './calendar/routes';
import { indicatorRoutes } from './indicators/routes';
import { reportRoutes } from './reports/routes';
import { overviewRoutes } from './overview/routes';
import { exportRoutes } from './exports/routes';
import { markKey } from './evaluation/marks';
import { evaluationRoutes } from './evaluation/routes';
import { invitationRoutes } from './invitations/routes';
import { agendaRoutes } from './agenda/routes';
import { attendanceRoutes } from './attendance/routes';
import { minutesRoutes } from './minutes/routes';
import { minutesReadRoutes } from './minutes/readRoutes';
import { auditRoutes } from './auditLog/routes';
import { meRoutes } from './me/routes';
import { myGatheringRoutes } from './me/answerRoutes';
import { invitationPreviewRoutes } from './invitations/previewRoutes';
import { healthRoutes } from './health/routes';
import { devMailboxRoutes } from './mail/devMailboxRoutes';
import { emailLogRoutes } from './mail/emailLogRoutes';
import { mailRetryRoutes } from './mail/retryRoutes';
import { networkRoutes } from './networks/routes';
import { participantRoutes } from './participants/routes';
import { planningRoutes } from './planning/routes';
import { gatheringRoutes } from './hubs/gatheringPage';
import { networkPageRoutes } from './hubs/networkPage';
import { regionPageRoutes } from './hubs/regionPage';
import { memberRoutes } from './membership/routes';
import { importRoutes, UPLOAD_PATHS } from './imports/routes';
import { LIMITS } from './imports/read';
import { MATERIAL_LIMITS } from './materials/commands';
import { libraryRoutes } from './materials/libraryRoutes';
import { MATERIAL_UPLOAD_PATHS, materialRoutes } from './materials/routes';
import { gatheringEditRoutes } from './gatherings/editRoutes';
import { calendarReplyRoutes } from './calendarReplies/routes';
import { regionPlanningRoutes } from './planning/regionRoutes';
import { registrationPublicRoutes } from './registration/publicRoutes';
import { registrationSettingsRoutes } from './registration/settingsRoutes';
import { registrationListRoutes } from './registration/listRoutes';
import { planningSettingsRoutes } from './planning/settingsRoutes';
import { goalsRoutes } from './goals/routes';
import { mandateRoutes } from './mandates/routes';
import { agendaTemplateRoutes } from './agenda/templateRoutes';
import { regionRoutes } from './regions/routes';
import { sectorRoutes } from './sectors/routes';
import { unitRoutes } from './units/routes';
import { catalogueRoutes } from './catalogue/routes';
import { checkRoutes } from './catalogue/checkRoutes';
import { profileRoutes } from './catalogue/profileRoutes';
import { actorMiddleware, requireSignIn } from './access/auth';
import { csrfMiddleware } from './web/csrf';
import { uploadParser } from './web/upload';
import { errorHandler, notFoundHandler } from './web/errors';
import { languageMiddleware, languageRoutes } from './web/language';
import { flashMiddleware, saveSessionBeforeRedirect, sessionMiddleware } from './web/session';
import { createViewEngine } from './web/views';
import { requestLog } from './web/requestLog';
import { constantHeaders } from './web/securityHeaders';
import { onlyItsPaths } from './web/routing';
import { VIEWS_DIR } from './kernel/templates';

export interface AppDependencies {
  config: Config;
  db: Db;
  databaseUrl: string;
  logger: Logger;
  sessionSecret: string;
  /** OpenID Connect sign-in routes, when configured (see accounts/oidcRoutes.ts). */
  oidc?: express.Router;
}

const DESIGNSYSTEMET_DIR = path.dirname(path.dirname(require.resolve('@digdir/designsystemet-css')));
// Designsystemet's typeface, served by the app like the rest of the design system.
const INTER_DIR = path.dirname(require.resolve('@fontsource/inter/package.json'));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createApp(deps: AppDependencies): { app: express.Express; close: () => Promise<void> } {
  const { config, db } = deps;
  const secure = config.NODE_ENV === 'production';
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  app.engine('hbs', createViewEngine());
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);

  // No ETag on pages: a page for a signed-in person is no-store, and every page carries a fresh
  // CSRF token, so a browser could never reuse one; hashing each body cost more than it saved.
  // Calendar feeds, which programs fetch again and again, set their own (calendar/routes.ts).
  app.set('etag', false);
  app.use(requestLog(app, deps.logger, withoutTokens));
  // Costly reads are kept in memory until the data changes (see db/cachedReads.ts). A request
  // that may have written empties this instance's cache before its response goes out, so the
  // page after a redirect shows what was just saved.
  const reads = new CachedReads(deps.databaseUrl, deps.logger).watch(db);
  reads.start();
  app.use((req, res, next) => {
    if (!SAFE_METHODS.has(req.method)) onHeaders(res, () => reads.changed());
    next();
  });
  app.use(
    constantHeaders(
      helmet({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", 'data:'],
            // The sign-in form posts to /auth/oidc, which redirects to the identity provider:
            // browsers hold a form's redirects to form-action too, and Chromium refuses the sign-in
            // without the provider's origin here (test/e2e/oidc.e2e.test.ts).
            formAction: ["'self'", ...(config.OIDC_ISSUER ? [new URL(config.OIDC_ISSUER).origin] : [])],
            frameAncestors: ["'none'"],
            upgradeInsecureRequests: secure ? [] : null,
          },
        },
        strictTransportSecurity: secure,
      }),
    ),
  );
  app.use('/static/designsystemet', express.static(DESIGNSYSTEMET_DIR, { maxAge: '7d' }));
  app.use('/static/inter', express.static(INTER_DIR, { maxAge: '30d' }));
  app.use('/static', express.static(path.join(PROJECT_ROOT, 'public'), { maxAge: '1h' }));
  app.use(healthRoutes(db));
  // Calendar feeds are fetched by calendar programs: no session, no cookies, the token is the key.
  const calendar = calendarRoutes(db, config, reads);
  app.use(tokenPages(tokenGuessLimit({ limit: 50, windowMs: 15 * 60 * 1000 })));
  app.use(onlyItsPaths(calendar.publicRoutes));

  const sessionPool = new pg.Pool({ connectionString: deps.databaseUrl, max: 3, connectionTimeoutMillis: 5000 });
  // An idle connection the server drops (a restart) is logged; the next request reconnects.
  sessionPool.on('error', (error) => deps.logger.warn({ err: error }, 'session store connection lost'));
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  app.use(cookieParser());
  app.use(
    sessionMiddleware({
      pool: sessionPool,
      reads,
      secret: deps.sessionSecret,
      secure,
      pruneExpired: config.NODE_ENV !== 'test',
    }),
  );
  app.use(saveSessionBeforeRedirect);
  app.use(flashMiddleware);
  app.use(actorMiddleware(db, reads));
  // Pages for a signed-in person carry personal data: no browser or proxy may keep them.
  app.use((req, res, next) => {
    if (req.actor) res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(languageMiddleware);
  // The forms that send a file (a spreadsheet to import, a gathering's material), each with its
  // own size limit: read (for a signed-in person only) before the CSRF check, which needs the
  // form's fields.
  app.use(uploadParser(UPLOAD_PATHS, LIMITS.fileBytes));
  app.use(uploadParser(MATERIAL_UPLOAD_PATHS, MATERIAL_LIMITS.fileBytes));
  app.use(csrfMiddleware({ secret: deps.sessionSecret, secure }));
  app.use((req, res, next) => {
    res.locals.currentPath = req.originalUrl;
    next();
  });

  const invitations = invitationRoutes(db, config);
  const minutesReading = minutesReadRoutes(db);
  const evaluation = evaluationRoutes(db, config, markKey(deps.sessionSecret));
  const mandates = mandateRoutes(db, config);
  // Each router is entered only by the paths its routes start with (web/routing.ts); their order
  // still matters where two share a first segment.
  const use = (routers: express.Router[]) => {
    for (const router of routers) app.use(onlyItsPaths(router));
  };
  use([
    languageRoutes({ secure }),
    loginRoutes(db, config, { oidcEnabled: deps.oidc !== undefined, secure }),
    invitations.publicRoutes,
    minutesReading.publicRoutes,
    evaluation.publicRoutes,
    mandates.publicRoutes,
    checkRoutes(db),
    registrationPublicRoutes(db, config),
    ...(deps.oidc ? [deps.oidc] : []),
    ...(config.NODE_ENV === 'development' && !config.SMTP_URL ? [devMailboxRoutes(db)] : []),
  ]);

  app.use(requireSignIn);
  use([
    meRoutes(db),
    myGatheringRoutes(db, config),
    invitationPreviewRoutes(db, config),
    calendar.personalRoutes,
    auditRoutes(db),
    emailLogRoutes(db),
    mailRetryRoutes(db),
    regionRoutes(db),
    // After regionRoutes, whose /regions/new must not be read as a region's id.
    regionPageRoutes(db),
    sectorRoutes(db),
    networkRoutes(db, config, reads),
    // After networkRoutes, whose /networks/new must not be read as a network's id.
    networkPageRoutes(db, reads),
    memberRoutes(db, config),
    mandates.leaderRoutes,
    importRoutes(db, config),
    unitRoutes(db),
    participantRoutes(db, config),
    gatheringRoutes(db, reads),
    gatheringEditRoutes(db, config, reads),
    calendarReplyRoutes(db),
    planningRoutes(db, config, reads),
    planningSettingsRoutes(db),
    goalsRoutes(db),
    agendaTemplateRoutes(db),
    regionPlanningRoutes(db),
    agendaRoutes(db, config),
    materialRoutes(db, config),
    libraryRoutes(db),
    invitations.leaderRoutes,
    overviewRoutes(db, reads),
    indicatorRoutes(db),
    reportRoutes(db),
    exportRoutes(db, reads),
    attendanceRoutes(db, config),
    evaluation.leaderRoutes,
    catalogueRoutes(db),
    profileRoutes(db),
    registrationSettingsRoutes(db, config),
    registrationListRoutes(db, config),
    minutesRoutes(db, config),
    minutesReading.routes,
  ]);

  app.use(notFoundHandler);
  app.use(errorHandler);

  return { app, close: async () => void (await Promise.all([sessionPool.end(), reads.stop()])) };
}

// The secret in an answer, evaluation, calendar, mandate, profile check or registration link's path
// (a registration page's slug is guessed no better).
const TOKEN_PATH = /^\/(rsvp|evaluation|calendar|mandate|catalogue\/check|pamelding|avmelding)\/[A-Za-z0-9_-]+/;

/** A path as it may be logged: a link's token replaced. */
export const withoutTokens = (path: string) => path.replace(TOKEN_PATH, '/$1/[token]');

/**
 * Pages opened with a link's token show that person's invitation, answers or calendar: never
 * kept by a browser or proxy, and a client guessing tokens is slowed (`guesses`).
 */
function tokenPages(guesses: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (!TOKEN_PATH.test(req.path)) return next();
    res.set('Cache-Control', 'no-store');
    return guesses(req, res, next);
  };
}
