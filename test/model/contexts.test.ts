import { describe, expect, it } from 'vitest';
import { UndeclaredRead } from '../../src/model/contexts.js';
import { SeedRun } from '../../src/simulate.js';
import { STRATEGIES, strategyById } from '../../src/strategies/registry.js';
import { FOLDER, RIP_READS, type Strategy } from '../../src/strategies/strategy.js';
import { scenario } from '../helpers.js';

/** One stop mid-job, so every strategy pauses and resumes once. */
const sc = scenario({ name: 'reads', source: { documents: 5000 }, stops: [{ at: 60, downtime: 60 }] });
const base = strategyById('temp-table-exact');
const variant = (over: Partial<Strategy>): Strategy => ({ ...base, id: 'variant', ...over });
const run = (s: Strategy, over = sc) => new SeedRun(over, over.seed).run(s);

describe('a strategy reads only what it declares', () => {
  it('an IAPI capability not in its needs fails loudly at the pause', () => {
    const s = variant({ needs: ['append', 'keepTempTable'], pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder }, ids: ctx.remainingIds() }) });
    expect(() => run(s)).toThrow(UndeclaredRead);
    expect(() => run(s)).toThrow("strategy 'variant' called remainingIds() without declaring IAPI capability 'reportRemainingIds' in its needs");
  });

  it('DocumentsExported and the request need no declaration', () => {
    const s = variant({ needs: ['append', 'keepTempTable'], pause: (ctx) => ({ params: { [FOLDER]: ctx.request.folder, TempTableId: ctx.keptTempTable().id, TempTableSkip: ctx.documentsExported } }) });
    expect(run(s).failed).toBeNull();
  });

  it('a RIP read not in its reads fails loudly at the resume', () => {
    const s = variant({
      reads: [],
      resume: (ctx) => {
        ctx.loadFileRows(sc.name);
        return ctx.fresh();
      },
    });
    expect(() => run(s)).toThrow("strategy 'variant' called loadFileRows() without declaring 'loadFileRows' in its reads");
  });

  it('a declared capability the scenario turns off fails the job naming it', () => {
    const r = run(base, { ...sc, iapi: { ...sc.iapi, reportDurablePosition: false } });
    expect(r.failed).toBe("strategy 'temp-table-exact' needs IAPI capability 'reportDurablePosition' (scenario iapi.reportDurablePosition is false)");
  });

  it('every registry strategy declares only known capabilities and reads, and no registry strategy reads what it did not declare', () => {
    for (const s of STRATEGIES) {
      for (const r of s.reads) expect(RIP_READS).toContain(r);
      expect(run(s).failed, s.id).toBeNull();
    }
  });
});
