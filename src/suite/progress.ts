import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';

/** What is counted: `suite` runs, `materialize` rows. */
export interface ProgressNames {
  what: string;
  unit: string;
}

/**
 * Progress on stderr: a live bar (units done, units/s, time left) on a terminal, plain lines
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
    /** Worker threads, or null when the work is done in this thread. */
    jobs: number | null,
    private readonly log: (line: string) => void,
    private readonly names: ProgressNames = { what: 'suite', unit: 'runs' },
  ) {
    const { what, unit } = names;
    this.done = alreadyDone;
    this.startDone = alreadyDone;
    this.nextLine = alreadyDone + this.step();
    if (process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { format: `${what} |{bar}| {value}/{total} ${unit} | {rate} ${unit}/s | {eta_formatted} left`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, alreadyDone, { rate: '0.0' });
    } else {
      this.bar = null;
      const threads = jobs === null ? '' : `, ${jobs} worker thread${jobs === 1 ? '' : 's'}`;
      log(`${what}: ${total - alreadyDone} of ${total} ${unit} to do${alreadyDone > 0 ? ` (${alreadyDone} already done)` : ''}${threads}`);
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
      const { what, unit } = this.names;
      this.log(`${what}: ${this.done}/${this.total} ${unit} (${Math.floor((100 * this.done) / Math.max(1, this.total))}%), ${rate.toFixed(1)} ${unit}/s, ~${left} s left`);
    }
  }

  /** A line of its own, above the bar on a terminal. */
  note(line: string): void {
    if (this.bar) process.stderr.write('\r\x1b[K');
    this.log(line);
  }

  stop(): void {
    this.bar?.stop();
  }
}
