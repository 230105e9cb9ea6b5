import { normalSampler } from '../random.ts';
import { PateAccountant, type PateAggregator, type PateBudget, type PateSpent } from './pate.ts';

export interface NoisyVoteOptions {
  /** Each teacher's predicted class for each query: votes[t][k]. */
  votes: readonly Int32Array[];
  numClasses: number;
  aggregator: PateAggregator;
  budget: PateBudget;
  /**
   * Uniform numbers in [0, 1) for the noise. The answers are private only if
   * nobody can predict it: a service draws it from a secure source (a seeded
   * generator is for tests).
   */
  random: () => number;
}

export interface NoisyVoteResult {
  /** The noisy answer per query, -1 where Confident-GNMax declined or the budget ran out first. */
  answers: Int32Array;
  /** The teachers' plurality per query, no noise: what a non-private student would learn from (ties to the lower class). */
  plurality: Int32Array;
  /** Queries looked at before the budget stopped them (all of them when it did not). */
  asked: number;
  answered: number;
  /** Whether the budget stopped the answers before the queries ran out. */
  exhausted: boolean;
  spent: PateSpent;
}

/**
 * PATE's aggregation: the queries in order, each answered by the noisy
 * argmax of the teachers' vote counts (GNMax), or first checked by a noisy
 * threshold on the largest count (Confident-GNMax), until the next answer
 * would take the data-independent ε past the budget.
 */
export function answerWithNoisyVotes(options: NoisyVoteOptions): NoisyVoteResult {
  const { votes, numClasses, aggregator } = options;
  const queries = votes[0]?.length ?? 0;
  if (votes.some((v) => v.length !== queries)) throw new RangeError('every teacher must vote on every query');
  const accountant = new PateAccountant(aggregator, options.budget);
  const noise = normalSampler(options.random);
  const answers = new Int32Array(queries).fill(-1);
  const plurality = new Int32Array(queries);
  const counts = new Float64Array(numClasses);
  let asked = 0;
  for (let k = 0; k < queries; k++) {
    counts.fill(0);
    for (const teacher of votes) {
      const vote = teacher[k]!;
      if (!(vote >= 0 && vote < numClasses)) throw new RangeError(`a teacher voted ${vote} on query ${k}; classes are 0..${numClasses - 1}`);
      counts[vote]!++;
    }
    plurality[k] = argmax(counts);
    if (asked === k && accountant.canAnswer()) {
      asked++;
      const sigma = aggregator.kind === 'gnmax' ? aggregator.sigma : aggregator.sigma2;
      const confident = aggregator.kind === 'gnmax' || counts[plurality[k]!]! + aggregator.sigma1 * noise() >= aggregator.threshold;
      if (confident) answers[k] = argmax(counts.map((c) => c + sigma * noise()));
      accountant.record(counts, confident);
    }
  }
  return { answers, plurality, asked, answered: accountant.answered, exhausted: asked < queries, spent: accountant.spent() };
}

/** The teachers' plurality on each query, without noise (ties to the lower class). */
export function pluralityVotes(votes: readonly Int32Array[], numClasses: number): Int32Array {
  const queries = votes[0]?.length ?? 0;
  const plurality = new Int32Array(queries);
  const counts = new Float64Array(numClasses);
  for (let k = 0; k < queries; k++) {
    counts.fill(0);
    for (const teacher of votes) counts[teacher[k]!]!++;
    plurality[k] = argmax(counts);
  }
  return plurality;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
