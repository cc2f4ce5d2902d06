import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

/** Starts Jointly: `node dist/main.js` (or `tsx src/main.ts` in development). */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config);
logger.info('listening', {
  port: server.port,
  mode: config.databaseUrl ? 'scaled' : 'embedded',
  dataDir: config.databaseUrl ? undefined : config.dataDir,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
