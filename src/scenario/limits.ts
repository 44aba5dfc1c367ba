import { MAX_DURATION_SECONDS } from './duration.js';

/**
 * Every bound of a scenario, stated once. The schema checks them when a file is loaded, before
 * the simulator allocates anything from these numbers.
 */
export const LIMITS = {
  nameChars: 200,
  descriptionChars: 4000,
  seed: 2 ** 31 - 1,
  runs: 100_000,
  documents: 50_000_000,
  batchSize: 1_000_000,
  count: 10_000_000,
  /** Positions in the live source; it can grow past `documents` through inserts. */
  position: 2 ** 31 - 1,
  startAtRecord: 2 ** 31 - 1,
  stops: 10_000,
  events: 100_000,
  bytes: 1e13,
  bytesPerSecond: 1e12,
  docsPerSecond: 1e9,
  /** Plain-number time fields (the `...Seconds` keys) share the duration bound. */
  seconds: MAX_DURATION_SECONDS,
  churnPerHour: 10_000_000,
  sigma: 10,
  pagesPerDoc: 100_000,
  minPollSeconds: 0.001,
  maxPollSeconds: 3600,
  errorBurst: 1000,
  stallFactor: 1e6,
} as const;
