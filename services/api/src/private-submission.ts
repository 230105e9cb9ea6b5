import { DistilleryError, type Dataset } from '@distillery/contracts';
import { MIN_PARTITION, type DistillPrivateJobRequest } from '@distillery/jobs';
import { PateAccountant } from '@distillery/kd';

/**
 * What a PATE request must satisfy beyond its schema and the datasets'
 * labels and sizes (checked by the caller): enough public rows for the
 * queries, public data of the private data's shape, partitions a teacher can
 * learn from, and a budget that pays for at least one answer.
 */
export function checkPateRequest(request: DistillPrivateJobRequest, priv: Dataset, pub: Dataset): void {
  const { method } = request;
  if (pub.id === priv.id || pub.digest === priv.digest) {
    throw new DistilleryError('incompatible_dataset', `public dataset ${pub.id} holds the private rows (${pub.id === priv.id ? 'the same dataset' : 'the same digest'}): the student would train on them directly; name public data the teachers never saw`, '/public/dataset');
  }
  for (const [field, training] of [['/method/teachers/training/privacy', method.teachers.training], ['/training/privacy', request.training]] as const) {
    // PATE's guarantee comes from the noisy votes; DP-SGD inside it would be a second mechanism nothing here accounts for.
    if (training?.privacy) throw new DistilleryError('invalid_request', "PATE's privacy comes from its noisy votes; DP-SGD inside a distill-private job is not accounted, so it is refused: leave out privacy", field);
  }
  if (pub.graph) throw new DistilleryError('incompatible_dataset', `dataset ${pub.id} is a graph; the public data must be a table of the private data's shape`, '/public/dataset');
  if (pub.inputShape.join() !== priv.inputShape.join()) {
    throw new DistilleryError('incompatible_dataset', `public dataset ${pub.id} has inputs [${pub.inputShape}], private dataset ${priv.id} [${priv.inputShape}]; they must match`, '/public/dataset');
  }
  if (pub.splits.train < method.queries) {
    throw new DistilleryError('incompatible_dataset', `${method.queries} queries were asked but public dataset ${pub.id} has ${pub.splits.train} training rows; ask at most that many`, '/method/queries');
  }
  const labelled = priv.labelledCount?.train ?? priv.splits.train;
  const partition = Math.floor(labelled / method.teachers.count);
  if (partition < MIN_PARTITION) {
    throw new DistilleryError(
      'invalid_request',
      `${labelled} labelled private rows split among ${method.teachers.count} teachers leave ${partition} each; a teacher needs at least ${MIN_PARTITION}: use at most ${Math.floor(labelled / MIN_PARTITION)} teachers`,
      '/method/teachers/count',
    );
  }
  if ((priv.labelledCount?.test ?? priv.splits.test) === 0) {
    throw new DistilleryError('incompatible_dataset', `private dataset ${priv.id} has no labelled test rows to score the teachers and the student on`, '/dataset');
  }
  const accountant = new PateAccountant(method.aggregator, { epsilon: method.budget.epsilon, delta: method.delta ?? 1e-5 });
  if (!accountant.canAnswer()) {
    const first = new PateAccountant(method.aggregator, { epsilon: Infinity, delta: method.delta ?? 1e-5 });
    first.record(new Array(priv.numClasses).fill(0), true);
    throw new DistilleryError(
      'invalid_request',
      `the first answer alone costs ε = ${first.spent().dataIndependent.epsilon.toFixed(3)} at δ = ${method.delta ?? 1e-5}, more than the budget of ${method.budget.epsilon}: raise the budget or the noise (σ)`,
      '/method/budget/epsilon',
    );
  }
}
