import express from 'express';
import request from 'supertest';
import { firstSegmentsOf, onlyItsPaths } from '../../src/web/routing';

// Each router is entered only by the paths its routes start with (src/web/routing.ts): every
// request must still reach the same handler as when Express tried each router in turn.
function routers() {
  const networks = express.Router();
  networks.get('/networks/new', (_req, res) => void res.send('new network'));
  networks.get('/networks/:id', (req, res) => void res.send(`network ${req.params.id}`));
  const nested = express.Router();
  nested.post('/gatherings/:id/agenda', (_req, res) => void res.send('agenda'));
  const gatherings = express.Router();
  gatherings.use(nested);
  gatherings.get(['/gatherings/:id', '/overview.csv'], (_req, res) => void res.send('gathering or csv'));
  const home = express.Router();
  home.get('/', (_req, res) => void res.send('home'));
  return [networks, gatherings, home];
}

function appOf(wrap: (router: express.Router) => express.RequestHandler) {
  const app = express();
  for (const router of routers()) app.use(wrap(router));
  app.use((_req, res) => void res.status(404).send('not found'));
  return app;
}

const REQUESTS: [string, string][] = [
  ['get', '/'],
  ['get', '/networks/new'],
  ['get', '/networks/7'],
  ['get', '/Networks/7'],
  ['get', '/networks/7/'],
  ['get', '/networks'],
  ['head', '/networks/7'],
  ['post', '/gatherings/3/agenda'],
  ['get', '/gatherings/3'],
  ['get', '/overview.csv'],
  ['get', '/network/7'],
  ['get', '/regions/1'],
  ['get', '/networks7'],
];

test.each(REQUESTS)('%s %s is answered as without the shortcut', async (method, path) => {
  const plain = await request(appOf((router) => router))[method as 'get'](path);
  const short = await request(appOf(onlyItsPaths))[method as 'get'](path);
  expect([short.status, short.text]).toEqual([plain.status, plain.text]);
});

test('a router that may answer any path is entered by every request', () => {
  const byParameter = express.Router();
  byParameter.get('/:slug', (_req, res) => void res.end());
  const forEveryPath = express.Router();
  forEveryPath.use((_req, _res, next) => next());
  const [networks, gatherings] = routers();
  expect(firstSegmentsOf(byParameter as never)).toBeUndefined();
  expect(firstSegmentsOf(forEveryPath as never)).toBeUndefined();
  expect(onlyItsPaths(byParameter)).toBe(byParameter);
  expect([...(firstSegmentsOf(networks as never) ?? [])]).toEqual(['networks']);
  expect([...(firstSegmentsOf(gatherings as never) ?? [])].sort()).toEqual(['gatherings', 'overview.csv']);
});
