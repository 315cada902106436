/** `lbgym envs`: the registered environment ids with their kind and defaults. */
import { Command } from 'commander';
import { listEnvs } from '../../envs/core/registry.js';
import '../../envs/index.js';
import { printJson, table } from '../cli/output.js';

export function envsCommand(): Command {
  return new Command('envs')
    .description('List the registered environments')
    .addHelpText('after', '\nExample:\n  lbgym envs --json')
    .option('--json', 'print a JSON array')
    .action((flags: { json?: boolean }) => {
      const specs = listEnvs();
      if (flags.json === true) {
        printJson(specs.map((s) => ({ id: s.id, kind: s.kind, maxEpisodeSteps: s.maxEpisodeSteps ?? null, kwargs: s.kwargs })));
        return;
      }
      process.stdout.write(
        `${table(
          ['id', 'kind', 'max steps', 'default kwargs'],
          specs.map((s) => [s.id, s.kind === 'env' ? 'single-agent' : 'multi-agent', s.maxEpisodeSteps === undefined ? '-' : String(s.maxEpisodeSteps), JSON.stringify(s.kwargs)]),
        )}\n`,
      );
    });
}
