import type { BatchParameters, JobDetails } from '../strategies/strategy.js';
import type { Rng } from './random.js';

/** A deterministic GUID for BatchInstance, drawn from the run's 'ids' stream. */
export function guid(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(rng() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function decimalDigits(n: number): number {
  if (n < 0) return 1 + decimalDigits(-n);
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  return digits;
}

/** Bytes of the ID list as JSON (`,"ArtifactIds":[1000001,1000002]`), computed without building it. */
function idsBytes(ids: Int32Array, idBase: number): number {
  let bytes = ',"ArtifactIds":[]'.length + Math.max(0, ids.length - 1);
  for (let i = 0; i < ids.length; i++) bytes += decimalDigits(idBase + ids[i]);
  return bytes;
}

/** The JobDetails column as RIP writes it (ExportWorker sample: `{"BatchInstance": ..., "BatchParameters": ...}`). */
export function jobDetailsJson(d: Omit<JobDetails, 'bytes'>, idBase: number, idLimit = Infinity): string {
  const ids = d.ids === undefined ? '' : `,"ArtifactIds":[${Array.from(d.ids.subarray(0, Math.min(d.ids.length, idLimit)), (r) => idBase + r).join(',')}]`;
  const params = JSON.stringify(d.params);
  return `{"BatchInstance":${JSON.stringify(d.batchInstance)},"BatchParameters":${params.slice(0, -1)}${params === '{}' ? ids.slice(1) : ids}},"ItemsTransferred":${d.itemsTransferred},"LoadFileRows":${d.loadFileRows}}`;
}

/** JobDetails as RIP writes them at a pause: the strategy's BatchParameters, the statistics, and the load file's length (for trimAfterKill). */
export function makeJobDetails(p: BatchParameters, batchInstance: string, itemsTransferred: number, loadFileRows: number, idBase: number): JobDetails {
  const d = { ...p, batchInstance, itemsTransferred, loadFileRows };
  const bytes = Buffer.byteLength(jobDetailsJson({ ...d, ids: undefined }, idBase)) + (p.ids === undefined ? 0 : idsBytes(p.ids, idBase) - (Object.keys(p.params).length === 0 ? 1 : 0));
  return { ...d, bytes };
}
