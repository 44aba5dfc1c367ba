import { readYamlFile, type YamlInput } from '../io/yaml-file.js';
import { checkJobTemplate } from './job-scenario.js';
import { parseFleet } from './schema.js';
import type { Fleet } from './types.js';

const FLEET_INPUT: YamlInput = { file: 'a fleet file (.yaml or .yml)', content: 'a YAML mapping of fleet keys (kind: fleet; see docs/fleet-reference.md)' };

/** A fleet file, read with the YAML reader's limits, validated, its job mapping checked as a scenario. */
export function loadFleetFile(path: string): Fleet {
  const fleet = parseFleet(readYamlFile(path, FLEET_INPUT), path);
  checkJobTemplate(fleet, path);
  return fleet;
}
