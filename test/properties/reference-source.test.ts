import fc from 'fast-check';
import { describe, it } from 'vitest';
import { scenarioArbitrary } from '../../src/check/arbitraries.js';
import { ReferenceSource } from '../../src/check/reference-source.js';
import { SourceChanges } from '../../src/model/changes.js';
import { stream } from '../../src/model/random.js';
import { initialSource } from '../../src/simulate.js';

describe('the reference source the properties rest on', () => {
  it("agrees with the simulator's DataSource after every scripted event, in order, membership and numbering", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ maxEvents: 12, maxDocuments: 80 }), (sc) => {
        const source = initialSource(sc, sc.seed);
        const changes = new SourceChanges(source, sc.churn, sc.events, stream(sc.seed, 'churn'));
        const ref = new ReferenceSource(sc.source.documents, sc.source.order, sc.events);
        for (const t of new Set(sc.events.map((e) => e.at))) {
          changes.advanceTo(t);
          ref.at(t);
          const live = Array.from(source.snapshot());
          if (live.join() !== ref.live.join()) throw new Error(`at ${t} s the source holds [${live.join()}], the reference [${ref.live.join()}]`);
          if (source.size !== ref.size) throw new Error(`at ${t} s the source has ${source.size} records, the reference ${ref.size}`);
          for (let r = 0; r < source.size; r++) {
            if ((source.deleted[r] === 1) !== ref.deleted.has(r)) throw new Error(`at ${t} s record ${r} deleted: ${source.deleted[r]} against the reference`);
          }
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
