/** Types of find-chromium.mjs (plain JavaScript, so that .ci/run can run it). */
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): Promise<{ path: string; from: string } | null>;
