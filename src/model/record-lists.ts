/** What the lists need of their arena: whether it is shared, and how many records its columns hold (read as it is resized). */
interface ListMemory {
  readonly shared: boolean;
  readonly records: number;
}

/**
 * Lists of record numbers a job builds and drops as it goes: temp tables, the source's snapshots,
 * ID lists. In a shared arena each list is a view of a slab (an Int32Array of the scenario's
 * records); a slab is free again once no table, JobDetails or request of the job uses it
 * (`keepOnly`, at the start of each export run) and at the start of the next job. In a private
 * arena each list is an array of its own.
 */
export class RecordLists {
  private readonly arena: ListMemory;
  private slabs: Int32Array[] = [];
  private used: boolean[] = [];

  constructor(arena: ListMemory) {
    this.arena = arena;
  }

  /** A list of `length` records (contents to be written by the caller). */
  take(length: number): Int32Array {
    if (!this.arena.shared) return new Int32Array(length);
    for (let i = 0; i < this.slabs.length; i++) {
      if (!this.used[i] && this.slabs[i].length >= length) {
        this.used[i] = true;
        return this.slabs[i].subarray(0, length);
      }
    }
    const slab = new Int32Array(Math.max(length, this.arena.records));
    this.slabs.push(slab);
    this.used.push(true);
    return slab.subarray(0, length);
  }

  /** Free every slab that none of the `live` lists is a view of. */
  keepOnly(live: readonly (Int32Array | null | undefined)[]): void {
    for (let i = 0; i < this.slabs.length; i++) {
      if (!this.used[i]) continue;
      const buffer = this.slabs[i].buffer;
      let keep = false;
      for (const l of live) if (l !== null && l !== undefined && l.buffer === buffer) keep = true;
      this.used[i] = keep;
    }
  }

  /** A new job: every slab is free. */
  reset(): void {
    this.used.fill(false);
  }

  /** Drop every slab (the arena is resized). */
  clear(): void {
    this.slabs = [];
    this.used = [];
  }

  get bytes(): number {
    let n = 0;
    for (const s of this.slabs) n += s.byteLength;
    return n;
  }
}
