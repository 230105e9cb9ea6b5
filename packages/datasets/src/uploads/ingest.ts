import type { ArtifactStore } from '@distillery/storage';
import { ValueBudget } from './budget.ts';
import { writeCanonical } from './canonical.ts';
import { readCsv } from './csv.ts';
import { npyUploadFile, type UploadFile } from './errors.ts';
import { FillSink, allocateSplit, type Routing, type SplitArrays } from './fill.ts';
import { readJsonl } from './jsonl.ts';
import { LabelCollector, type ClassMap } from './labels.ts';
import { readNpy } from './npy.ts';
import type { ReadOptions, SplitRole, UploadReader } from './reader.ts';
import { resolveRequest, type IngestSettings } from './request.ts';
import { ScanSink, type FileScan } from './scan.ts';
import { planSplit } from './split.ts';
import type { IngestRequest, IngestedDataset, RawFiles, TableFormat } from './types.ts';

const READERS: Record<TableFormat, UploadReader> = { csv: readCsv, jsonl: readJsonl, npy: readNpy };

/** The file messages blame for a whole split (for NPY, x.npy). */
function mainFile(format: TableFormat, role: SplitRole): UploadFile {
  return format === 'npy' ? npyUploadFile(role, 'x') : { name: `${role}.${format}`, field: `/${role}` };
}

function howToLabel(settings: IngestSettings): string {
  const column = JSON.stringify(settings.labelColumn);
  if (settings.format === 'npy') return 'upload test y.npy beside test x.npy';
  return settings.format === 'csv' ? `add a ${column} column` : `give every row a ${column} field`;
}

/**
 * Validates uploaded raw files and stores them as a canonical dataset under `request.prefix`.
 *
 * Pass 1 streams every file once to validate it and count rows, in constant memory, and refuses
 * uploads beyond `maxValues` before allocating anything. Pass 2 streams them again into typed
 * arrays of exactly the size of each split. Then the canonical NPY files are written; if that
 * fails part way, the prefix is deleted, so a dataset is stored whole or not at all.
 */
export async function ingestUpload(store: ArtifactStore, request: IngestRequest): Promise<IngestedDataset> {
  const settings = resolveRequest(request);
  const read = READERS[settings.format];
  const options: ReadOptions = { labelColumn: settings.labelColumn, labelColumnGiven: settings.labelColumnGiven };

  // Pass 1.
  const collector = new LabelCollector();
  const budget = new ValueBudget(settings.maxValues);
  const scan = async (role: SplitRole, files: RawFiles, trainScan?: FileScan): Promise<FileScan> => {
    const sink = new ScanSink(role, collector, budget, howToLabel(settings), trainScan?.layout);
    await read(store, files, role, { ...options, trainLayout: trainScan?.layout }, sink);
    return sink.result({ file: mainFile(settings.format, role) });
  };
  const trainScan = await scan('train', settings.train);
  const testScan = settings.test ? await scan('test', settings.test, trainScan) : undefined;
  const classes = collector.finish();
  const plan = planSplit(trainScan, testScan, settings.testRatio, settings.seed);

  // Pass 2.
  const { inputShape } = trainScan.layout;
  const width = inputShape.reduce((a, b) => a * b, 1);
  const targets = { train: allocateSplit(plan.train, width), test: allocateSplit(plan.test, width) };
  const fill = async (role: SplitRole, files: RawFiles, scanned: FileScan, routing: Routing): Promise<void> => {
    const sink = new FillSink(targets, width, classes, routing);
    await read(store, files, role, { ...options, trainLayout: role === 'test' ? trainScan.layout : undefined }, sink);
    sink.assertComplete(scanned.rows, mainFile(settings.format, role));
  };
  await fill('train', settings.train, trainScan, plan.testPicks ? { kind: 'picks', testPicks: plan.testPicks, rows: trainScan.rows } : { kind: 'whole', split: 'train' });
  if (settings.test && testScan) await fill('test', settings.test, testScan, { kind: 'whole', split: 'test' });

  let written;
  try {
    written = await writeCanonical(store, settings.prefix, { inputShape, ...targets, classNames: classes.classNames });
  } catch (error) {
    // The write error is the one worth reporting; a failed cleanup must not replace it.
    await store.deletePrefix(settings.prefix).catch(() => {});
    throw error;
  }
  return {
    inputShape,
    numClasses: classes.numClasses,
    ...(classes.classNames ? { classNames: classes.classNames } : {}),
    splits: { train: plan.train, test: plan.test },
    labelledCount: { train: targets.train.labelled, test: targets.test.labelled },
    classCounts: countClasses(targets.train, classes),
    ...written,
  };
}

function countClasses(split: SplitArrays, classes: ClassMap): number[] {
  const counts = new Array<number>(classes.numClasses).fill(0);
  for (const label of split.y) if (label >= 0) counts[label]!++;
  return counts;
}
