import { describe, expect, it } from 'vitest';
import { renderResult } from './result.ts';

const returns = (mean: number, min: number, max: number) => ({ mean, min, max, episodes: 10 });

describe('renderResult for policies', () => {
  it("shows a train-policy job's agent with its greedy return and steps", () => {
    const text = renderResult({
      model: 'm_agent',
      metrics: { policy: { environment: 'cartpole-v1', greedyReturn: returns(478.2, 380, 500), environmentSteps: 28672, solved: true, evaluations: [] } },
      wallSeconds: 7,
      backend: 'wasm',
    });
    expect(text).toMatch(/^cartpole-v1: greedy return over 10 fixed episodes/);
    expect(text).toMatch(/policy\s+m_agent\s+478\.2\s+380\.\.500\s+28,672/);
    expect(text).not.toMatch(/stopping rule/);
  });

  it("shows a distill-policy job's teacher, student and baseline side by side, and the compression", () => {
    const text = renderResult({
      model: 'm_student',
      metrics: {
        policyDistillation: {
          environment: 'cartpole-v1', teacher: returns(478.2, 380, 500), student: returns(478, 378, 500), baseline: { ...returns(199.4, 145, 270), environmentSteps: 2496 },
          environmentSteps: 2500, rounds: [], parameterRatio: 20.4, latencyRatio: 2.2,
        },
      },
      wallSeconds: 9,
      backend: 'wasm',
    });
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('teacher'))).toMatch(/478\.2\s+380\.\.500/);
    expect(lines.find((l) => l.startsWith('student'))).toMatch(/m_student\s+478\.0\s+378\.\.500\s+2,500/);
    expect(lines.find((l) => l.startsWith('baseline'))).toMatch(/199\.4\s+145\.\.270\s+2,496/);
    expect(text).toMatch(/compression \(teacher \/ student\): .*parameters, .*latency/);
  });
});

describe('renderResult for graphs', () => {
  it("shows a distill-graph job's teacher, student and baseline, the gain and the serving speedup", () => {
    const graphResult = (cached: boolean) => ({
      model: 'm_mlp',
      metrics: {
        testAccuracy: 0.8,
        graph: {
          graph: { source: 'cora', nodes: 2708, edges: 5278, features: 1433, classes: 7 },
          setting: 'transductive',
          teacher: { testAccuracy: 0.788, bestEpoch: 4, parameters: 368775, epochs: 54, cached },
          student: { testAccuracy: 0.78, bestEpoch: 269, parameters: 184455 },
          baseline: { testAccuracy: 0.581, bestEpoch: 120 },
          parameterRatio: 0.5,
          latency: { teacher: { perNodeMs: 3.63, perBatchMs: 56.8 }, student: { perNodeMs: 0.055, perBatchMs: 16.2 }, speedup: { perNode: 66, perBatch: 3.5 }, batchSize: 1000, teacherNodesPerNode: 139 },
        },
      },
      wallSeconds: 45,
      backend: 'wasm',
    });
    const text = renderResult(graphResult(false));
    const lines = text.split('\n');
    expect(lines[0]).toBe('cora: 2,708 nodes, 5,278 edges, transductive');
    expect(renderResult(graphResult(true)).split('\n').find((l) => l.startsWith('teacher'))).toMatch(/^teacher \(cached\)\s+78\.80%/);
    expect(lines.find((l) => l.startsWith('teacher'))).toMatch(/78\.80%\s+368,775\s+3\.63 ms/);
    expect(lines.find((l) => l.startsWith('student'))).toMatch(/m_mlp\s+78\.00%\s+184,455/);
    expect(lines.find((l) => l.startsWith('baseline'))).toMatch(/58\.10%/);
    expect(text).toMatch(/gain over the baseline: \+?19\.9\d* points/);
    expect(text).toMatch(/66.*faster per node \(the teacher fetched 139 nodes for each\), 3\.5.* per batch of 1,000/);
  });

  it("shows a distill-private job's ε, both bounds named for what they are, and the student against its non-private twin", () => {
    const text = renderResult({
      model: 'm_private',
      metrics: {
        testAccuracy: 0.9,
        privacy: {
          mechanism: 'gnmax',
          delta: 1e-5,
          epsilon: { dataIndependent: { epsilon: 7.95, order: 4 }, dataDependent: { epsilon: 2.1, order: 9 }, conversion: 'improved' },
          queries: { requested: 1000, asked: 640, answered: 640, exhausted: true },
          labelAccuracy: { noisy: 0.93, clean: 0.96 },
          teachers: { count: 50, partition: 1200, meanTestAccuracy: 0.91, ensembleTestAccuracy: 0.95 },
          student: { testAccuracy: 0.9 },
          nonPrivate: { testAccuracy: 0.92 },
        },
      },
      wallSeconds: 300,
      backend: 'wasm',
    });
    expect(text.split('\n')).toEqual([
      'gnmax: ε = 7.95 at δ = 0.00001 (data-independent; publish this one)',
      '  data-dependent ε = 2.10: computed from the private votes, not safe to release as it is',
      '640 of 1,000 queries answered (the budget stopped the answers after 640)',
      '50 teachers on 1,200 private rows each: 91.00% on average, 95.00% voting together',
      'answers right 93.00% of the time (96.00% without noise)',
      'student m_private: 90.00%; the same student on clean votes (no privacy): 92.00%',
    ]);
  });
});
