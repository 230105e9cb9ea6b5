import { describe, expect, it } from 'vitest';
import { studentLatencyWarnings, studentSizeWarnings } from './student-size.ts';

describe('studentSizeWarnings', () => {
  it('says nothing of a student smaller than every teacher', () => {
    expect(studentSizeWarnings(99, [{ id: 'm_big', parameters: 100 }])).toEqual([]);
    expect(studentSizeWarnings(99, [{ id: 'm_a', parameters: 100 }, { id: 'm_b', parameters: 5000 }])).toEqual([]);
    expect(studentSizeWarnings(99, [])).toEqual([]);
  });

  it('flags a student as large as its teacher, and one 1,369 times its size', () => {
    expect(studentSizeWarnings(195, [{ id: 'm_t', parameters: 195 }])).toEqual([
      {
        code: 'student_not_smaller',
        model: 'm_t',
        message: 'the student has 195 parameters, 1.00x as many as its teacher m_t (195): it is no compression of it; use fewer or narrower layers for a student smaller than its teachers',
      },
    ]);
    const [warning] = studentSizeWarnings(267_011, [{ id: 'm_t', parameters: 195 }]);
    expect(warning!.message).toMatch(/^the student has 267,011 parameters, 1,369x as many as its teacher m_t \(195\)/);
  });

  it('compares with the smallest teacher: a student between them is no smaller than a model already at hand', () => {
    const warnings = studentSizeWarnings(1000, [{ id: 'm_large', parameters: 50_000 }, { id: 'm_small', parameters: 800 }]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'student_not_smaller', model: 'm_small' })]);
    expect(warnings[0]!.message).toContain('1.25x as many as its smallest teacher, m_small (800)');
  });
});

describe('studentLatencyWarnings', () => {
  it('says nothing of a student faster than its fastest teacher', () => {
    expect(studentLatencyWarnings(0.01, [{ id: 'm_a', latencyMsPerSample: 0.02 }, { id: 'm_b', latencyMsPerSample: 0.5 }])).toEqual([]);
  });

  it('flags a student no faster than its fastest teacher, with both figures', () => {
    const warnings = studentLatencyWarnings(0.0213, [{ id: 'm_slow', latencyMsPerSample: 0.5 }, { id: 'm_fast', latencyMsPerSample: 0.00213 }]);
    expect(warnings).toEqual([
      {
        code: 'student_not_faster',
        model: 'm_fast',
        message:
          'the student took 0.0213 ms per sample, no less than its fastest teacher, m_fast (0.00213 ms), timed the same way on this worker: it is not faster than the teacher it was meant to replace',
      },
    ]);
  });
});
