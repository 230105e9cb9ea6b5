import * as tf from '@tensorflow/tfjs';
import { LayerPairError } from '../../teachers/layers.ts';

export type AttentionMatrixLoss = 'kl' | 'mse';

/**
 * Attention-matrix distillation (TinyBERT, Jiao et al. 2020; MiniLM, Wang et
 * al. 2020) between two transformer attention layers' probabilities
 * [n, heads, tokens, tokens], each row a distribution over the keys:
 *
 *   kl (default, MiniLM): mean over samples, heads and queries of
 *        KL(teacher || student) = sum_k t_k (log t_k - log s_k)
 *   mse (TinyBERT):       mean over all elements of (s - t)^2
 *
 * Probabilities are floored at 1e-12 inside the logs, so a zero teacher
 * probability contributes 0 and a zero student one a large finite penalty.
 * When the head counts differ, both sides are first averaged over their heads
 * (one mean attention matrix each); TinyBERT and MiniLM pair equal head
 * counts, so this is a fallback, not their method. Token counts must match:
 * there is no meaningful way to compare attention over different tokens.
 */
export function attentionMatrixLoss(student: tf.Tensor, teacher: tf.Tensor, kind: AttentionMatrixLoss = 'kl'): tf.Scalar {
  checkAttentionShapes(student.shape, teacher.shape, 'student', 'teacher');
  if (student.shape[0] !== teacher.shape[0]) {
    throw new LayerPairError('incompatible_layers', `attention matrices for ${student.shape[0]} and ${teacher.shape[0]} samples`);
  }
  return tf.tidy(() => {
    let s = student;
    let t = teacher;
    if (s.shape[1] !== t.shape[1]) {
      s = tf.mean(s, 1, true);
      t = tf.mean(t, 1, true);
    }
    if (kind === 'mse') return tf.mean(tf.squaredDifference(s, t));
    const eps = 1e-12;
    const logRatio = tf.sub(tf.log(tf.maximum(t, eps)), tf.log(tf.maximum(s, eps)));
    return tf.mean(tf.sum(tf.mul(t, logRatio), -1));
  });
}

/**
 * Throws a LayerPairError unless both shapes are attention matrices
 * [..., heads, tokens, tokens] over the same number of tokens. Works on
 * per-sample shapes and on batched ones alike (only the last three axes count).
 */
export function checkAttentionShapes(student: readonly number[], teacher: readonly number[], studentName: string, teacherName: string): void {
  const isMatrix = (shape: readonly number[]) => shape.length >= 3 && shape.at(-1) === shape.at(-2);
  const both = `student '${studentName}' outputs [${student.join(',')}], teacher '${teacherName}' [${teacher.join(',')}]`;
  if (!isMatrix(student) || !isMatrix(teacher)) {
    throw new LayerPairError(
      'incompatible_layers',
      `attention-matrix distillation compares attention probabilities [heads, tokens, tokens]; ${both}: pair transformer layers 'block<i>/attention'`,
    );
  }
  if (student.at(-1) !== teacher.at(-1)) {
    throw new LayerPairError(
      'incompatible_layers',
      `attention-matrix distillation needs the same tokens on both sides; ${both}: ` +
        'give student and teacher the same token count (the same patch size, or the same sequence length)',
    );
  }
}

/**
 * The suggested teacher block for each student block when depths differ
 * (the uniform mapping of TinyBERT): student block i (1-based) reads teacher
 * block ceil(i * teacherBlocks / studentBlocks), so the last blocks always meet.
 * Jobs name their pairs explicitly; this is what to name by default.
 */
export function uniformBlockMapping(studentBlocks: number, teacherBlocks: number): Array<{ student: number; teacher: number }> {
  return Array.from({ length: studentBlocks }, (_, index) => ({
    student: index + 1,
    teacher: Math.ceil(((index + 1) * teacherBlocks) / studentBlocks),
  }));
}
