import { build } from '../scripts/build.mjs';

/** Once before the tests: the bundle the CLI tests run (bin/drainsim.mjs), built from the sources as they are now. */
export default async function setup(): Promise<void> {
  await build();
}
