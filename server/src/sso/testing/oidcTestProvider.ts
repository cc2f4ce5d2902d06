import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the test provider: the claims its ID tokens carry. */
export type TestIdentity = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  org_name?: string;
};

export type OidcTestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People by subject; tests add and change them between sign-ins. */
  identities: Map<string, TestIdentity>;
  /** Faults the provider is made to commit, to show Jointly refuses them. */
  faults: { forgeNonce: boolean; corruptIdTokenSignature: boolean };
  /** Registers Jointly's callback (known only once Jointly listens) and starts answering. */
  serve(redirectUri: string): void;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (oidc-provider, the certified Node implementation) on a loopback
 * port, with its development login and consent pages. The port is taken before the provider is
 * built, so Jointly can be started with OIDC_ISSUER first and the client registered after.
 */
export async function startOidcTestProvider(): Promise<OidcTestProvider> {
  const httpServer = http.createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'jointly-test';
  const clientSecret = 'a-test-client-secret-that-is-long-enough-for-hs256';
  const identities = new Map<string, TestIdentity>();
  const faults = { forgeNonce: false, corruptIdTokenSignature: false };

  return {
    issuer,
    clientId,
    clientSecret,
    identities,
    faults,
    serve(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        claims: {
          openid: ['sub'],
          email: ['email', 'email_verified'],
          profile: ['name', 'org_name'],
        },
        // Scope claims in the ID token of the code flow, as Entra ID's optional claims put them there.
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
        async findAccount(_ctx, sub) {
          const identity = identities.get(sub);
          if (!identity) return undefined;
          return { accountId: sub, claims: async () => ({ sub, ...identity }) };
        },
      });
      provider.use(async (ctx, next) => {
        if (faults.forgeNonce && ctx.path === '/auth' && typeof ctx.query.nonce === 'string') {
          ctx.query = { ...ctx.query, nonce: 'a-nonce-jointly-never-sent' };
        }
        await next();
        const body = ctx.body as { id_token?: string } | undefined;
        if (faults.corruptIdTokenSignature && ctx.path === '/token' && typeof body?.id_token === 'string') {
          const [header, payload, signature = ''] = body.id_token.split('.');
          const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
          ctx.body = { ...body, id_token: `${header}.${payload}.${flipped}` };
        }
      });
      httpServer.on('request', provider.callback());
    },
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** Cookies by name, as a browser would keep them for one site (paths ignored: one provider, one test). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0\b/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/**
 * Plays the browser at the provider: follows its redirects and submits its login (as `subject`)
 * and consent forms, until it redirects back to `returnOrigin`; returns that callback URL.
 */
export async function signInAtProvider(authorizationUrl: string, subject: string, returnOrigin: string) {
  const jar = new CookieJar();
  let url = authorizationUrl;
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, { method, body, redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url).href;
      if (next.startsWith(returnOrigin)) return next;
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(`provider answered ${response.status}: ${html.slice(0, 300)}`);
    }
    url = new URL(action.replaceAll('&amp;', '&'), url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'any' } : { prompt });
  }
  throw new Error('the provider never sent the browser back');
}
