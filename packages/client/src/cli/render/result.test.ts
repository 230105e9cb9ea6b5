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
