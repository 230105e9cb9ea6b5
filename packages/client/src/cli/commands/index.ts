import type { Command } from '../command.ts';
import { datasetCommands } from './datasets.ts';
import { jobCommands } from './jobs.ts';
import { modelCommands } from './models.ts';

/**
 * Every command, in the order help lists them. `distill sweeps` is not here
 * yet: the API has no sweep routes to call.
 */
export const commands: Command[] = [...datasetCommands, ...modelCommands, ...jobCommands];
