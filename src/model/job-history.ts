import type { Assumptions } from '../scenario/assumptions.js';

/**
 * JobHistory's ItemsTransferred, as the UI shows it: it grows in steps of `step` during an export
 * and is set to the final count at completion. How a job that ran more than once counts is the
 * assumption `statistics`: `additive` (the code: every return of ExportSearch, a cancelled one
 * too, adds its DocumentsExported to a running sum) or `reset` (the record: a run that does not
 * append starts again from 0, an appending one from the value saved at the pause).
 */
export class JobHistory {
  shown = 0;
  regressions = 0;
  /** What every returned ExportSearch added (the `additive` running sum). */
  private sum = 0;

  constructor(
    private readonly step: number,
    private readonly mode: Assumptions['statistics'],
  ) {}

  /** The value a run starts from. */
  base(append: boolean, savedAtPause: number | undefined): number {
    if (this.mode === 'additive') return this.sum;
    return append ? (savedAtPause ?? 0) : 0;
  }

  show(value: number): void {
    if (value < this.shown) this.regressions++;
    this.shown = value;
  }

  progress(base: number, documents: number): void {
    this.show(base + Math.floor(documents / this.step) * this.step);
  }

  /** ExportSearch returned (completed or cancelled) with this count, on top of `base`. */
  returned(base: number, documents: number): void {
    this.sum = base + documents;
  }
}
