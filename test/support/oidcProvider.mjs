// A real OpenID Connect provider (oidc-provider) for the tests, run as its own process because
// the package is an ES module. Prints "listening on <issuer>" when ready.
// Accounts come from OIDC_ACCOUNTS (JSON: login → { email, email_verified, name }).
import { createServer } from 'node:net';
import Provider from 'oidc-provider';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...account }) };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The development login and consent pages: any known login name signs in, consent is a button.
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['samling-test-provider'] },
});
provider.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
