/**
 * `lbgym serve`: serves a registered environment to another process (the
 * Python package, another language) over the bridge protocol
 * (docs/bridge-protocol.md), on file descriptor 3 or a Unix socket. Loads
 * only the environments and the exact solver, never TensorFlow.js.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../cli/errors.js';
import { parseNumberFlag } from '../cli/parse.js';
import { packageVersion } from '../cli/package-version.js';
import { BridgeSession } from '../bridge/session.js';
import { checkSharedMemory, serveSharedMemory } from '../bridge/shared-memory.js';
import { isOpenFd, serveFd, serveSocket } from '../bridge/transport.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve environments (single, vector, parallel) and the exact solver over the binary bridge protocol on fd 3 or a Unix socket')
    .addHelpText(
      'after',
      '\nThe client starts `lbgym serve` with its end of a socket pair as fd 3 (or --fd N) and speaks\n' +
        'docs/bridge-protocol.md on it; the server exits when that descriptor closes. stdout is never used.\n' +
        'With --shm-fd M the frames go through the shared file M instead (the Python package does this on Linux x86-64).\n\n' +
        'Examples:\n  lbgym serve                      # protocol on fd 3 (the Python package does this)\n  lbgym serve --socket /tmp/lbgym.sock',
    )
    .option('--fd <n>', 'file descriptor carrying the protocol', '3')
    .option('--shm-fd <n>', 'file descriptor of a shared file the client maps: frames go through it, fd 3 only carries wake-ups (docs/bridge-protocol.md)')
    .option('--socket <path>', 'listen on this Unix socket instead; each connection is its own session')
    .action(async (flags: { fd: string; shmFd?: string; socket?: string }) => {
      const version = packageVersion();
      if (flags.socket !== undefined) {
        if (existsSync(flags.socket)) throw new UsageError(`--socket: ${flags.socket} already exists (remove it or pick another path)`);
        const { server, stop: stopServing } = await serveSocket(flags.socket, version);
        process.stderr.write(`lbgym serve: listening on ${flags.socket}\n`);
        const stop = (): void => {
          stopServing();
          if (existsSync(flags.socket!)) unlinkSync(flags.socket!);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await new Promise<void>((resolve) => server.on('close', () => resolve()));
        return;
      }
      const fd = parseNumberFlag('--fd', flags.fd, { min: 0, integer: true });
      if (!isOpenFd(fd)) {
        throw new UsageError(`--fd: file descriptor ${fd} is not open (lbgym serve is started by a client that passes it the protocol's descriptor; see docs/bridge-protocol.md, or use --socket PATH)`);
      }
      if (flags.shmFd === undefined) {
        serveFd(fd, new BridgeSession(version));
        return;
      }
      const shm = parseNumberFlag('--shm-fd', flags.shmFd, { min: 0, integer: true });
      if (!isOpenFd(shm)) throw new UsageError(`--shm-fd: file descriptor ${shm} is not open (the client passes the shared file it maps; see docs/bridge-protocol.md)`);
      try {
        checkSharedMemory(shm);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      serveSharedMemory(fd, shm, new BridgeSession(version));
    });
}
