import { existsSync } from 'node:fs';
import http from 'node:http';
import { type ChildServer, startChildServer } from './childServer.ts';
import { profileSetup } from './profiling.ts';

/**
 * Jointly's server as the benchmark sees it: the built `server/dist/main.js`
 * in a child process with its own DATA_DIR, and a small client of its HTTP
 * API (PRODUCT §6) to create accounts, entries and memberships.
 */

export const JOINTLY_WS_PATH = '/collab';
export const CATEGORY_ID = 'hsj-partnership-long-term-partnership';
/** A password long enough for the sign-up rule (≥ 12 characters). */
const PASSWORD = 'bench-password-0123456789';

/**
 * Starts Jointly (`options.jointlyMain`, normally server/dist/main.js) on `dataDir`. `name` labels
 * the process in the results (`jointly-scaled` for a process of the scaled configuration).
 */
export async function startJointlyServer(
  options: { rootDir: string; jointlyMain: string; profile?: boolean; resultsDir?: string },
  dataDir: string,
  extraEnv: Record<string, string> = {},
  capture: string[] = [],
  name = 'jointly',
): Promise<ChildServer> {
  const { rootDir, jointlyMain: main } = options;
  if (!existsSync(main)) throw new Error(`${main} is missing: build the server first (pnpm bench does)`);
  // Sources run under tsx (slower start, loader in the process): for trying changes, not for figures.
  const loader = /\.m?ts$/.test(main) ? ['--import', 'tsx'] : [];
  const profile = profileSetup({ profile: options.profile ?? false, resultsDir: options.resultsDir ?? '' }, name);
  return startChildServer({
    name,
    command: process.execPath,
    args: [...(profile?.nodeArgs ?? []), ...loader, main],
    env: {
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      ...profile?.env,
      ...extraEnv,
    },
    cwd: `${rootDir}/server`,
    wsPath: JOINTLY_WS_PATH,
    capture,
    profileDir: profile?.dir ?? null,
  });
}

type ApiResponse = { status: number; body: unknown; setCookie: string[]; headers: http.IncomingHttpHeaders };

/** A minimal JSON client for the API; node:http so requests can pick a loopback source address. */
export class JointlyApi {
  constructor(readonly origin: string) {}

  request(
    method: string,
    path: string,
    options: { body?: unknown; cookie?: string; localAddress?: string } = {},
  ): Promise<ApiResponse> {
    const url = new URL(path, this.origin);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method,
          localAddress: options.localAddress,
          headers: {
            Origin: this.origin,
            Accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
            ...(options.cookie ? { Cookie: options.cookie } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              // Not JSON: keep the text for the error message.
            }
            const raw = response.headers['set-cookie'];
            resolve({ status: response.statusCode ?? 0, body, setCookie: raw ?? [], headers: response.headers });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Like request() but throws unless the status is one of `expected`. */
  async expect(
    expected: number[],
    method: string,
    path: string,
    options: { body?: unknown; cookie?: string; localAddress?: string } = {},
  ): Promise<ApiResponse> {
    const response = await this.request(method, path, options);
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    return response;
  }

  /** Signs up a new account and returns its session cookie (`name=value`). Waits out 429s. */
  async signup(
    index: number,
    runTag: string,
    localAddress?: string,
  ): Promise<{ email: string; cookie: string; userId: string }> {
    const email = `bench-${runTag}-${index}@example.nhs.uk`;
    for (let attempt = 0; ; attempt++) {
      const response = await this.request('POST', '/api/auth/signup', {
        localAddress,
        body: {
          email,
          password: PASSWORD,
          name: `Bench Editor ${index}`,
          organisationName: `Bench Trust ${index}`,
          organisationKind: 'nhs_trust',
        },
      });
      if (response.status === 429 && attempt < 5) {
        const wait = Number(response.headers['retry-after'] ?? '10');
        process.stderr.write(`  sign-up rate limited; waiting ${wait} s\n`);
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      if (response.status !== 201) {
        throw new Error(`sign-up answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
      }
      const cookie = response.setCookie[0]?.split(';')[0];
      if (!cookie) throw new Error('sign-up set no cookie');
      const userId = (response.body as { user?: { id?: string } }).user?.id ?? '';
      return { email, cookie, userId };
    }
  }

  async createEntry(cookie: string, title: string): Promise<{ id: string; sectionIds: string[] }> {
    const created = await this.expect([201], 'POST', '/api/entries', {
      cookie,
      body: { title, categoryId: CATEGORY_ID },
    });
    const id = (created.body as { id: string }).id;
    const entry = await this.expect([200], 'GET', `/api/entries/${id}`, { cookie });
    const sections = (entry.body as { sections?: { id: string }[] }).sections ?? [];
    return { id, sectionIds: sections.map((s) => s.id) };
  }

  /** Invites `invitee` as a contributor and accepts as them. */
  async addMember(entryId: string, leadCookie: string, invitee: { email: string; cookie: string }): Promise<void> {
    let invitation = await this.request('POST', `/api/entries/${entryId}/invitations`, {
      cookie: leadCookie,
      body: { email: invitee.email, role: 'contributor' },
    });
    // A lead of many entries meets the per-account invitation limit: wait it out, as a person would.
    for (let attempt = 0; invitation.status === 429 && attempt < 5; attempt++) {
      const wait = Number(invitation.headers['retry-after'] ?? '30');
      process.stderr.write(`  invitations rate limited; waiting ${wait} s\n`);
      await new Promise((r) => setTimeout(r, wait * 1000));
      invitation = await this.request('POST', `/api/entries/${entryId}/invitations`, {
        cookie: leadCookie,
        body: { email: invitee.email, role: 'contributor' },
      });
    }
    if (invitation.status !== 201) {
      throw new Error(`invitation answered ${invitation.status}: ${JSON.stringify(invitation.body).slice(0, 300)}`);
    }
    const token = (invitation.body as { token: string }).token;
    await this.expect([200, 201], 'POST', `/api/invitations/${token}/accept`, { cookie: invitee.cookie });
  }
}

export type JointlyUser = { email: string; cookie: string; localAddress: string };
/** `sectionIds`: every section, in order; `sectionId` the first (where single-section scenarios write). */
export type JointlyEntry = { id: string; sectionId: string; sectionIds: string[]; memberIndexes: number[] };
export type JointlyFixture = {
  users: JointlyUser[];
  /** The propagation entries: entry e has `editorsPerEntry` distinct members. */
  entries: JointlyEntry[];
  /** One entry every user belongs to, for the crowd scenario. */
  crowdEntry: JointlyEntry;
};

/** Loopback source address number i (1-based) out of n: 127.0.0.1 … 127.0.0.n. */
export function sourceAddress(i: number, n: number): string {
  return `127.0.0.${(i % n) + 1}`;
}

/**
 * Creates `users` accounts, `entries` entries each with `editorsPerEntry`
 * distinct members (user (e·k + j) mod users), and one crowd entry with all
 * users as members. Sockets per user stay small: the server caps them.
 */
export async function provisionJointly(
  api: JointlyApi,
  options: { users: number; entries: number; editorsPerEntry: number; sourceIps: number },
  /** Without the crowd entry (its lead invites every user), `crowdEntry` is the first entry. */
  withCrowd = true,
): Promise<JointlyFixture> {
  const runTag = Date.now().toString(36);
  const users: JointlyUser[] = [];
  for (let i = 0; i < options.users; i++) {
    const localAddress = sourceAddress(i, options.sourceIps);
    const { email, cookie } = await api.signup(i, runTag, localAddress);
    users.push({ email, cookie, localAddress });
  }

  const makeEntry = async (title: string, memberIndexes: number[]): Promise<JointlyEntry> => {
    const lead = users[memberIndexes[0] as number] as JointlyUser;
    const { id, sectionIds } = await api.createEntry(lead.cookie, title);
    if (!sectionIds[0]) throw new Error(`entry ${id} has no sections`);
    for (const index of memberIndexes.slice(1)) await api.addMember(id, lead.cookie, users[index] as JointlyUser);
    return { id, sectionId: sectionIds[0], sectionIds, memberIndexes };
  };

  const entries: JointlyEntry[] = [];
  for (let e = 0; e < options.entries; e++) {
    const members = Array.from(
      { length: options.editorsPerEntry },
      (_, j) => (e * options.editorsPerEntry + j) % users.length,
    );
    if (new Set(members).size !== members.length) {
      throw new Error(`--users (${options.users}) must be at least --editors-per-entry (${options.editorsPerEntry})`);
    }
    entries.push(await makeEntry(`Bench entry ${e}`, members));
  }
  const crowdEntry = withCrowd
    ? await makeEntry(
        'Bench crowd entry',
        users.map((_, i) => i),
      )
    : (entries[0] as JointlyEntry);
  return { users, entries, crowdEntry };
}
