import type { CreatedInvitationDto, EntryDto, MeDto } from '@jointly/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { rawRequest } from '../test/rawRequest.ts';
import { type SmtpSink, startSmtpSink } from '../test/smtpSink.ts';
import { startTestServer, type TestServer } from '../test/testServer.ts';

/**
 * Issue #10 finding 11: with PUBLIC_URL unset, invitation and mention e-mails linked to whatever
 * the request's Host header said, so a member could make Jointly's own e-mail point at another
 * site. Links in e-mails now come from PUBLIC_URL alone (required in production with SMTP), or
 * in development and tests from this server on localhost, never from the Host header.
 */

const SECTION = 'context-and-evolution';
const FORGED_HOST = 'evil.example';
/** A message body without quoted-printable soft line breaks, so long lines and URLs compare whole. */
const unwrapped = (body: string) => body.replace(/=\r?\n/g, '');

/**
 * A request as a non-browser client sends it: no Origin (a client without a browser's ambient
 * cookie needs none, see originCheck.ts), and the Host header it chooses.
 */
async function call(server: TestServer, path: string, body: unknown, cookie?: string, host = FORGED_HOST) {
  const response = await rawRequest(server, {
    method: 'POST',
    path,
    headers: { host, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return response;
}

describe.each([
  ['with PUBLIC_URL', 'https://jointly.example.nhs.uk'],
  ['without PUBLIC_URL (development and tests)', undefined],
])('I10-11: links in e-mails ignore a forged Host header, %s', (_label, publicUrl) => {
  let sink: SmtpSink;
  let server: TestServer;
  let lead: Person;
  let partner: Person;
  let entryId: string;
  /** The origin every e-mailed link must start with. */
  let linkOrigin: string;

  type Person = { cookie: string; id: string; email: string };
  async function signUp(kind: string): Promise<Person> {
    const email = `mail-links-${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.nhs.uk`;
    const response = await call(server, '/api/auth/signup', {
      email,
      password: 'correct horse battery staple',
      name: `Mail ${kind}`,
      organisationName: `Mail links ${kind}`,
      organisationKind: kind,
    });
    expect(response.status).toBe(201);
    const cookie = String(response.headers['set-cookie']?.[0]).split(';')[0]!;
    return { cookie, id: (response.json() as MeDto).user.id, email };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      ...(publicUrl ? { PUBLIC_URL: publicUrl } : {}),
    });
    linkOrigin = publicUrl ?? `http://localhost:${server.port}`;
    [lead, partner] = await Promise.all([signUp('nhs_trust'), signUp('supplier')]);
    const created = await call(
      server,
      '/api/entries',
      { title: 'Mail links', categoryId: 'hsj-partnership-long-term-partnership' },
      lead.cookie,
    );
    expect(created.status).toBe(201);
    entryId = (created.json() as EntryDto).id;
    const invitation = await call(
      server,
      `/api/entries/${entryId}/invitations`,
      { email: partner.email, role: 'contributor' },
      lead.cookie,
    );
    const { token } = invitation.json() as CreatedInvitationDto;
    expect((await call(server, `/api/invitations/${token}/accept`, {}, partner.cookie)).status).toBe(200);
    await vi.waitFor(() => expect(sink.messages).toHaveLength(1));
    sink.messages.length = 0;
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  it('an invitation e-mail links to the public origin, not to the Host the request named', async () => {
    sink.messages.length = 0;
    const response = await call(
      server,
      `/api/entries/${entryId}/invitations`,
      { email: 'someone@supplier.example', role: 'viewer' },
      lead.cookie,
    );
    expect(response.status).toBe(201);
    const created = response.json() as CreatedInvitationDto;
    // The answer keeps its shape: {token, url, …}.
    expect(created).toMatchObject({ token: expect.any(String), url: expect.stringContaining(created.token) });
    await vi.waitFor(() => expect(sink.messages).toHaveLength(1));
    const body = unwrapped(sink.messages[0]!.body);
    expect(body).toContain(`${linkOrigin}/invitations/${created.token}`);
    expect(body).not.toContain(FORGED_HOST);
  });

  it('a mention e-mail links to the public origin, not to the Host the request named', async () => {
    sink.messages.length = 0;
    const response = await call(
      server,
      `/api/entries/${entryId}/sections/${SECTION}/comments`,
      { body: 'Could you look at this?', mentions: [partner.id] },
      lead.cookie,
    );
    expect(response.status).toBe(201);
    await vi.waitFor(() => expect(sink.messages).toHaveLength(1), { timeout: 5000 });
    const body = unwrapped(sink.messages[0]!.body);
    expect(body).toContain(`${linkOrigin}/entries/${entryId}/sections/${SECTION}`);
    expect(body).not.toContain(FORGED_HOST);
  });
});

describe('I10-11: PUBLIC_URL is required in production when SMTP_URL is set', () => {
  const base = { DATA_DIR: '/tmp/unused', SMTP_URL: 'smtp://127.0.0.1:2525' };

  it('refuses to start in production with SMTP_URL and no PUBLIC_URL, saying what to set', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /PUBLIC_URL is required when SMTP_URL is set in production/,
    );
    // NODE_ENV defaults to production.
    expect(() => loadConfig(base)).toThrow(/PUBLIC_URL is required/);
  });

  it('starts with PUBLIC_URL, without SMTP_URL, or outside production', () => {
    expect(
      loadConfig({ ...base, NODE_ENV: 'production', PUBLIC_URL: 'https://jointly.example.nhs.uk' }).publicUrl,
    ).toBe('https://jointly.example.nhs.uk');
    expect(() => loadConfig({ DATA_DIR: '/tmp/unused', NODE_ENV: 'production' })).not.toThrow();
    expect(() => loadConfig({ ...base, NODE_ENV: 'development' })).not.toThrow();
    expect(() => loadConfig({ ...base, NODE_ENV: 'test' })).not.toThrow();
  });
});
