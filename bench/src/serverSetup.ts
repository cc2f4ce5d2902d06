import type { ChildServer } from './childServer.ts';
import { JointlyApi, type JointlyFixture, provisionJointly, startJointlyServer } from './jointlyServer.ts';
import type { BenchOptions } from './options.ts';
import type { ScaledEnvironment } from './scaledServices.ts';

/** Starting Jointly for a scenario: provisioning through the API, and the scaled configuration's processes. */

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Accounts and entries created through the API on a server started for that alone (never profiled). */
export async function provision(
  options: BenchOptions,
  dataDir: string,
  name: 'jointly' | 'jointly-scaled',
  env: Record<string, string> = {},
  withCrowd = true,
): Promise<JointlyFixture> {
  // Provisioning is not measured: never profiled.
  const server = await startJointlyServer({ ...options, profile: false }, dataDir, env, [], name);
  try {
    log(
      `${name}: creating ${options.users} users, ${options.entries} entries${withCrowd ? ' and the crowd entry' : ''}`,
    );
    const started = performance.now();
    const fixture = await provisionJointly(new JointlyApi(server.origin), options, withCrowd);
    log(`${name}: provisioned in ${Math.round(performance.now() - started)} ms`);
    return fixture;
  } finally {
    await server.stop();
  }
}

/**
 * The scaled configuration's processes: `options.processes` Jointly processes
 * on one schema and Redis prefix, each on its own port. All or none: if one
 * fails to start, the others are stopped.
 */
export async function startScaledServers(
  options: BenchOptions,
  dataDir: string,
  environment: ScaledEnvironment,
): Promise<ChildServer[]> {
  const started = await Promise.allSettled(
    Array.from({ length: options.processes }, () =>
      startJointlyServer(options, dataDir, environment.env, [], 'jointly-scaled'),
    ),
  );
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failure.reason;
  }
  return servers;
}
