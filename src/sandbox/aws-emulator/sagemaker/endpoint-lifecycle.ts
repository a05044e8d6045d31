import type { JsonObject } from '../protocol.ts';

/*
 * How an endpoint moves through its states, derived from simulated time alone (as training
 * jobs are): Creating → InService (or Failed); UpdateEndpoint → Updating → InService with
 * the new config, or → RollingBack → InService with the old one when an alarm fires.
 * Nothing is scheduled; every read computes the state "as of now". Pure: no I/O.
 */

/** How long endpoint operations take, in simulated milliseconds. */
export interface EndpointDurations {
  /** CreateEndpoint until InService. @defaultValue 4 minutes */
  creating: number;
  /** An update's new fleet launching (the whole update when it is not blue/green). @defaultValue 4 minutes */
  updating: number;
  /** From the alarm firing until traffic is back on the old fleet. @defaultValue 2 minutes */
  rollingBack: number;
}

export const DEFAULT_ENDPOINT_DURATIONS: EndpointDurations = { creating: 240_000, updating: 240_000, rollingBack: 120_000 };

export type EndpointStatus = 'Creating' | 'Updating' | 'InService' | 'RollingBack' | 'Failed';

/** An endpoint config as it was when an endpoint was deployed with it (deleting the config later changes nothing). */
export interface DeployedConfig {
  name: string;
  /** The config's ProductionVariants. */
  variants: JsonObject[];
  /** Variant name → the image of its model. */
  images: Record<string, string>;
  deployedAt: number;
}

/** One stretch of an update, as the new fleet's VariantStatus shows it. */
export interface UpdatePhase {
  status: 'Creating' | 'Baking';
  start: number;
  end: number;
}

export interface EndpointUpdate {
  requestedAt: number;
  from: DeployedConfig;
  to: DeployedConfig;
  deploymentConfig?: JsonObject;
  phases: UpdatePhase[];
  endsAt: number;
  /** A rollback scenario: the alarm fires at `at`, traffic is back on the old fleet at `endsAt`. */
  rollback?: { at: number; endsAt: number; reason: string };
}

export interface EndpointTimeline {
  createdAt: number;
  initial: DeployedConfig;
  /** When creation ends (InService, or Failed with `creationFailure`). */
  createdBy: number;
  creationFailure?: string;
  /** The latest update; earlier ones had ended before it could be requested. */
  update?: EndpointUpdate;
}

export interface EndpointState {
  status: EndpointStatus;
  /** The config serving traffic. */
  config: DeployedConfig;
  /** The update under way (Updating, RollingBack) and the phase it is in. */
  pending?: { config: DeployedConfig; startedAt: number; phase: UpdatePhase };
  failureReason?: string;
  lastModifiedAt: number;
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The phases of an update, from UpdateEndpoint's DeploymentConfig (blue/green) or its absence. */
export function planUpdate(requestedAt: number, deploymentConfig: JsonObject | undefined, desiredInstances: number, durations: EndpointDurations): { phases: UpdatePhase[]; endsAt: number } {
  const policy = deploymentConfig?.['BlueGreenUpdatePolicy'] as JsonObject | undefined;
  const routing = policy?.['TrafficRoutingConfiguration'] as JsonObject | undefined;
  const phases: UpdatePhase[] = [];
  let cursor = requestedAt;
  const add = (status: UpdatePhase['status'], duration: number): void => {
    if (duration <= 0 && phases.length > 0) return;
    phases.push({ status, start: cursor, end: cursor + duration });
    cursor += duration;
  };
  add('Creating', durations.updating);
  if (policy && routing) {
    const waitMs = num(routing['WaitIntervalInSeconds'], 0) * 1000;
    if (routing['Type'] === 'LINEAR') {
      // One bake per step until all capacity has moved.
      const size = routing['LinearStepSize'] as JsonObject | undefined;
      const value = num(size?.['Value'], 100);
      const share = size?.['Type'] === 'INSTANCE_COUNT' ? value / Math.max(1, desiredInstances) : value / 100;
      const steps = Math.ceil(1 / Math.min(1, Math.max(0.01, share)) - 1e-9);
      for (let step = 0; step < steps; step++) add('Baking', waitMs);
    } else {
      // CANARY bakes the canary; ALL_AT_ONCE bakes the whole new fleet.
      add('Baking', waitMs);
    }
    // The old fleet is kept this long after all traffic has moved, in case of a late alarm.
    add('Baking', num(policy['TerminationWaitInSeconds'], 0) * 1000);
  }
  return { phases, endsAt: cursor };
}

/** When a rollback scenario's alarm fires: halfway through the first bake, else halfway through the update. */
export function rollbackAt(phases: readonly UpdatePhase[], requestedAt: number, endsAt: number): number {
  const bake = phases.find((p) => p.status === 'Baking' && p.end > p.start);
  return bake ? (bake.start + bake.end) / 2 : (requestedAt + endsAt) / 2;
}

function phaseAt(update: EndpointUpdate, now: number): UpdatePhase {
  const last = update.phases[update.phases.length - 1] ?? { status: 'Creating', start: update.requestedAt, end: update.endsAt };
  return update.phases.find((p) => now >= p.start && now < p.end) ?? last;
}

/** The endpoint's state as of `now` (simulated epoch ms). */
export function endpointStateAt(endpoint: EndpointTimeline, now: number): EndpointState {
  if (now < endpoint.createdBy) return { status: 'Creating', config: endpoint.initial, lastModifiedAt: endpoint.createdAt };
  if (endpoint.creationFailure !== undefined) {
    return { status: 'Failed', config: endpoint.initial, failureReason: endpoint.creationFailure, lastModifiedAt: endpoint.createdBy };
  }
  const update = endpoint.update;
  if (!update) return { status: 'InService', config: endpoint.initial, lastModifiedAt: endpoint.createdBy };

  const { rollback } = update;
  if (rollback && now >= rollback.at) {
    if (now < rollback.endsAt) {
      const pending = { config: update.to, startedAt: update.requestedAt, phase: phaseAt(update, rollback.at) };
      return { status: 'RollingBack', config: update.from, pending, failureReason: rollback.reason, lastModifiedAt: rollback.at };
    }
    return { status: 'InService', config: update.from, failureReason: rollback.reason, lastModifiedAt: rollback.endsAt };
  }
  if (now < update.endsAt) {
    return { status: 'Updating', config: update.from, pending: { config: update.to, startedAt: update.requestedAt, phase: phaseAt(update, now) }, lastModifiedAt: update.requestedAt };
  }
  return { status: 'InService', config: update.to, lastModifiedAt: update.endsAt };
}
