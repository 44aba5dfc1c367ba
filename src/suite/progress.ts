import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';

/**
 * Suite progress on stderr: a live bar (runs done, runs/s, time left) on a terminal, plain lines
 * at the start and at every tenth of the work otherwise (CI logs, pipes).
 */
export class Progress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly started = performance.now();
  private readonly startDone: number;
  private done: number;
  private nextLine: number;

  constructor(
    private readonly total: number,
    alreadyDone: number,
    jobs: number,
    private readonly log: (line: string) => void,
    /** What the lines and the bar are about: `suite`, `decide: assumptions`, ... */
    private readonly label = 'suite',
  ) {
    this.done = alreadyDone;
    this.startDone = alreadyDone;
    this.nextLine = alreadyDone + this.step();
    if (process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { format: `${label} |{bar}| {value}/{total} runs | {rate} runs/s | {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, alreadyDone, { rate: '0.0' });
    } else {
      this.bar = null;
      log(`${label}: ${total - alreadyDone} of ${total} runs to do${alreadyDone > 0 ? ` (${alreadyDone} already done)` : ''}, ${jobs} worker thread${jobs === 1 ? '' : 's'}`);
    }
  }

  private step(): number {
    return Math.max(1, Math.ceil(this.total / 10));
  }

  private rate(): number {
    const s = (performance.now() - this.started) / 1000;
    return s > 0 ? (this.done - this.startDone) / s : 0;
  }

  tick(n: number): void {
    this.done += n;
    const rate = this.rate();
    if (this.bar) {
      this.bar.update(this.done, { rate: rate.toFixed(1) });
      return;
    }
    if (this.done >= this.nextLine || this.done === this.total) {
      this.nextLine = this.done + this.step();
      const left = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
      this.log(`${this.label}: ${this.done}/${this.total} runs (${Math.floor((100 * this.done) / Math.max(1, this.total))}%), ${rate.toFixed(1)} runs/s, ~${left} s left`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
