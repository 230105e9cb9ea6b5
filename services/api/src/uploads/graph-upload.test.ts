import { describe, expect, it } from 'vitest';
import { oneAtATime } from './graph-upload.ts';

describe('graph ingestion, one at a time', () => {
  it('starts each task after the one before has ended, failed ones included, in order', async () => {
    const serial = oneAtATime();
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([serial(task('a', 30, true)), serial(task('b', 5)), serial(task('c', 1))]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});
