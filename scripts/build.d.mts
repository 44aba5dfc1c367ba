/** Types of scripts/build.mjs (plain JavaScript, so that it runs before anything is built). */
export declare const DIST: string;
export declare function build(): Promise<void>;
export declare function staleBecause(): string | null;
