/**
 * Learning curves per epoch (loss and test accuracy) with Chart.js, one
 * series per training run: `student` and `baseline` in a distill job,
 * `train` in a train job.
 */

const RUNS = {
  student: { label: 'student (distilled)', color: '#2563eb' },
  baseline: { label: 'baseline (same student, no teachers)', color: '#ea580c' },
  train: { label: 'training', color: '#16a34a' },
};
const ORDER = ['student', 'baseline', 'train'];

function runStyle(run) {
  return RUNS[run] ?? { label: run, color: '#6b7280' };
}

function lineChart(canvas, yAxis) {
  // window.Chart comes from /ui/vendor/chart.js (the UMD build, every chart type registered).
  return new window.Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
        y: yAxis,
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

export class LearningCurves {
  /** @param {HTMLCanvasElement} lossCanvas @param {HTMLCanvasElement} accuracyCanvas */
  constructor(lossCanvas, accuracyCanvas) {
    /** run name -> [{ epoch, loss, accuracy }] in epoch order */
    this.runs = new Map();
    this.loss = lineChart(lossCanvas, { title: { display: true, text: 'training loss' } });
    this.accuracy = lineChart(accuracyCanvas, {
      title: { display: true, text: 'test accuracy' },
      // Scaled to the data below (the differences are what matter), never past 100%.
      max: 1,
      ticks: { callback: (value) => `${Number((value * 100).toFixed(1))}%` },
    });
  }

  /** Replaces every curve, from a finished job's `result.history`. */
  setHistory(history) {
    this.runs.clear();
    for (const point of history ?? []) this.#insert(point.run, point);
    this.#draw();
  }

  /** Adds one epoch from a live progress event ({ stage, epoch, loss, accuracy }). */
  addProgress(progress) {
    if (typeof progress.epoch !== 'number' || typeof progress.loss !== 'number') return;
    this.#insert(progress.stage, progress);
    this.#draw();
  }

  get pointCount() {
    let count = 0;
    for (const points of this.runs.values()) count += points.length;
    return count;
  }

  destroy() {
    this.loss.destroy();
    this.accuracy.destroy();
  }

  #insert(run, { epoch, loss, accuracy }) {
    // A retried run starts again at epoch 1: what it reported before is dropped.
    const points = (this.runs.get(run) ?? []).filter((point) => point.epoch < epoch);
    points.push({ epoch, loss, accuracy });
    this.runs.set(run, points);
  }

  #draw() {
    const runs = [...this.runs.keys()].sort((a, b) => rank(a) - rank(b));
    const datasets = (metric) =>
      runs.map((run) => {
        const { label, color } = runStyle(run);
        return {
          label,
          run,
          data: this.runs
            .get(run)
            .filter((point) => typeof point[metric] === 'number')
            .map((point) => ({ x: point.epoch, y: point[metric] })),
          borderColor: color,
          backgroundColor: color,
          borderDash: run === 'baseline' ? [6, 4] : [],
          pointRadius: 3,
          tension: 0.15,
        };
      });
    this.loss.data.datasets = datasets('loss');
    this.accuracy.data.datasets = datasets('accuracy');
    this.loss.update('none');
    this.accuracy.update('none');
  }
}

function rank(run) {
  const index = ORDER.indexOf(run);
  return index === -1 ? ORDER.length : index;
}
