import type { Command } from '../command.ts';
import { datasetCommands } from './datasets.ts';
import { jobCommands } from './jobs.ts';
import { keyCommands } from './keys.ts';
import { modelCommands } from './models.ts';
import { sweepCommands } from './sweeps.ts';

/** Every command, in the order help lists them. */
export const commands: Command[] = [...datasetCommands, ...modelCommands, ...jobCommands, ...sweepCommands, ...keyCommands];
