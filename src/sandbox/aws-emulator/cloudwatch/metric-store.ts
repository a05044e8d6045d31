import { metricKey, type MetricId } from './metric-identity.ts';

/** Reads other metrics at a time: lets a scenario derive one series from another (errors = rate × invocations). */
export interface MetricReader {
  valueAt(metric: MetricId, t: number): number | undefined;
}

/** A value per minute; `undefined` means "no say here" and lets the layer below show through. */
export type MetricValueFn = (t: number, reader: MetricReader) => number | undefined;

/**
 * One scripted stretch of a metric: from `from` (inclusive) to `to` (exclusive) its
 * one-minute samples are `value`. Layers added later win over earlier ones where they overlap.
 */
export interface MetricLayer {
  metric: MetricId;
  from: number;
  /** `Infinity` for open-ended. */
  to: number;
  value: number | MetricValueFn;
  /** Scenario id, for `/_emulator/state` and for ending it. */
  scenario?: string;
}

/** The scripted series (scenarios). Built-in series (healthy endpoints, Model Monitor) are supplied per request. */
export class MetricStore {
  private readonly byKey = new Map<string, MetricLayer[]>();

  add(layer: MetricLayer): MetricLayer {
    const key = metricKey(layer.metric);
    const layers = this.byKey.get(key) ?? [];
    layers.push(layer);
    this.byKey.set(key, layers);
    return layer;
  }

  /** Oldest first. */
  layers(key: string): readonly MetricLayer[] {
    return this.byKey.get(key) ?? [];
  }

  get metrics(): MetricId[] {
    return [...this.byKey.values()].flatMap((layers) => (layers[0] ? [layers[0].metric] : []));
  }

  get all(): MetricLayer[] {
    return [...this.byKey.values()].flat();
  }

  reset(): void {
    this.byKey.clear();
  }
}

export const MINUTE_MS = 60_000;

/** A bucket's one-minute samples: `count` copies of one value (the fast path), or each value. */
export type Samples = { value: number; count: number } | { values: number[] };

/**
 * The metrics as of one request: scripted layers over built-in ones. Samples exist for whole
 * minutes that have ended by `now`.
 */
export class MetricSource implements MetricReader {
  private readonly available: number;

  constructor(
    private readonly store: MetricStore,
    /** Built-in series by metric key (one each). */
    private readonly builtIn: ReadonlyMap<string, MetricLayer>,
    now: number,
  ) {
    this.available = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  }

  valueAt(metric: MetricId, t: number): number | undefined {
    return this.valueAtKey(metricKey(metric), Math.floor(t / MINUTE_MS) * MINUTE_MS);
  }

  /** Every metric that has a series, scripted or built in. */
  identities(): MetricId[] {
    const seen = new Map<string, MetricId>();
    for (const [key, layer] of this.builtIn) seen.set(key, layer.metric);
    for (const metric of this.store.metrics) seen.set(metricKey(metric), metric);
    return [...seen.values()];
  }

  /** The one-minute samples in [from, to), both minute-aligned. */
  samples(key: string, from: number, to: number): Samples {
    const end = Math.min(to, this.available);
    if (end <= from) return { values: [] };
    const scripted = this.store.layers(key).some((layer) => layer.from < end && layer.to > from);
    const builtIn = this.builtIn.get(key);
    if (!scripted && (!builtIn || typeof builtIn.value === 'number')) {
      // Nothing scripted here: the built-in constant (healthy endpoint) is `count` equal samples.
      if (!builtIn || typeof builtIn.value !== 'number') return { values: [] };
      const first = Math.max(from, Math.ceil(builtIn.from / MINUTE_MS) * MINUTE_MS);
      const last = Math.min(end, builtIn.to);
      const count = last > first ? Math.ceil((last - first) / MINUTE_MS) : 0;
      return { value: builtIn.value, count };
    }
    const values: number[] = [];
    for (let t = from; t < end; t += MINUTE_MS) {
      const value = this.valueAtKey(key, t);
      if (value !== undefined) values.push(value);
    }
    return { values };
  }

  private valueAtKey(key: string, t: number): number | undefined {
    if (t >= this.available) return undefined;
    const layers = this.store.layers(key);
    for (let i = layers.length - 1; i >= 0; i--) {
      const value = evaluate(layers[i] as MetricLayer, t, this);
      if (value !== undefined) return value;
    }
    const builtIn = this.builtIn.get(key);
    return builtIn ? evaluate(builtIn, t, this) : undefined;
  }
}

function evaluate(layer: MetricLayer, t: number, reader: MetricReader): number | undefined {
  if (t < layer.from || t >= layer.to) return undefined;
  const value = typeof layer.value === 'number' ? layer.value : layer.value(t, reader);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
