import type { Fleet } from './types.js';

/** One agent's drain-stop request of one upgrade. */
export interface AgentRequest {
  /** Seconds from the start of the horizon. */
  at: number;
  /** Which upgrade (0-based). */
  upgrade: number;
}

export interface UpgradePlan {
  /** When each upgrade starts (its first wave's request). */
  starts: number[];
  /** Per agent, its requests in time order. */
  perAgent: AgentRequest[][];
}

/**
 * The upgrade schedule: an upgrade every `every` from `first` while within the horizon. Agents are
 * drain-stopped all at once, or in waves of `agentsAtOnce` (agent a in wave floor(a / agentsAtOnce)),
 * one wave every `waveInterval` (a rolling upgrade).
 */
export function planUpgrades(fleet: Pick<Fleet, 'horizon' | 'agents' | 'upgrades'>): UpgradePlan {
  const { first, every, agentsAtOnce, waveInterval } = fleet.upgrades;
  const starts: number[] = [];
  for (let t = first; t < fleet.horizon; t += every) starts.push(t);
  const perAgent = Array.from({ length: fleet.agents }, (_, a) => starts.map((start, upgrade) => ({ at: start + Math.floor(a / agentsAtOnce) * waveInterval, upgrade })));
  return { starts, perAgent };
}
