import type { Postmortem, PostmortemVerdict } from '../../runner/postmortem/index.ts';

/**
 * Synthetic postmortem front matters, in memory, from a seeded random source: the same seed, the same corpus.
 * Shaped like the generator's output (runner/postmortem/front-matter.ts): 40 experiments over 20 services and
 * 8 fault kinds, one run every ~15 minutes from 2023-01-02 on (100,000 runs span about three years), each with
 * 0–3 failure modes from its experiment's 6, one action item per finding plus one for recurring modes, items
 * ticked more often the older they are.
 */

/** A seeded PRNG (mulberry32). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const SERVICES = Array.from({ length: 20 }, (_, i) => `service-${i}`);
const FAULT_KINDS = ['latency', 'bandwidth', 'slow_close', 'timeout', 'reset_peer', 'slicer', 'limit_data', 'down'];
const FINDING_KINDS = ['failed-expectation', 'missed-alert', 'slow-detection', 'noisy-alert', 'not-recovered'] as const;
const VERDICTS: readonly [PostmortemVerdict, number][] = [
  ['held', 0.45],
  ['deviated', 0.4],
  ['aborted_stop_condition', 0.06],
  ['aborted_operator', 0.04],
  ['not_started', 0.04],
  ['unfinished', 0.01],
];
const START_MS = Date.UTC(2023, 0, 2);
const RUN_EVERY_MS = 15 * 60_000;

interface Mode {
  fingerprint: string;
  finding: string;
}

interface Experiment {
  name: string;
  services: string[];
  kinds: string[];
  modes: Mode[];
}

export const syntheticFrontMatters = (count: number, seed = 1): Partial<Postmortem>[] => {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const experiments = Array.from({ length: 40 }, (_, i) => experimentOf(i, random, pick));
  const hex = (): string => Math.floor(random() * 0x1000000).toString(16).padStart(6, '0');
  const lastSeen = new Map<string, number>();
  const result: Partial<Postmortem>[] = [];
  for (let i = 0; i < count; i += 1) {
    const experiment = pick(experiments);
    const startMs = START_MS + i * RUN_EVERY_MS + Math.floor(random() * 60_000);
    const at = new Date(startMs).toISOString();
    const date = at.slice(0, 10);
    const verdict = weighted(VERDICTS, random());
    const ran = verdict !== 'not_started';
    const detected = ran && random() < 0.8;
    const acknowledged = detected && random() < 0.7;
    const recovered = ran && random() < 0.9;
    const ms = (median: number): number => Math.round(median * Math.exp((random() - 0.5) * 2));
    const modes = verdict === 'held' || !ran ? [] : experiment.modes.filter(() => random() < 0.25).slice(0, 3);
    const recurring = modes.some((m) => lastSeen.has(m.fingerprint));
    for (const m of modes) lastSeen.set(m.fingerprint, i);
    const age = (count - i) / count;
    const items = modes.map((m) => ({ id: `AI-${hex()}`, text: `Fix ${m.finding}`, owner: 'team-a', due: date, done: random() < age, finding: m.finding }));
    if (recurring) items.push({ id: `AI-${hex()}`, text: 'Find out why these failure modes keep coming back', owner: 'team-a', due: date, done: random() < age / 2, finding: 'recurring' });
    const received = Math.floor(random() * 6);
    const unique = Math.min(received, Math.floor(random() * 4));
    result.push({
      id: `PM-${i}`,
      title: `${experiment.name} game day, ${date}`,
      kind: 'gameday',
      status: 'draft',
      date,
      experiment: { name: experiment.name, file: `experiments/${experiment.name}.yaml` },
      run_id: `${i}`,
      verdict,
      services: experiment.services,
      fault_kinds: experiment.kinds,
      severity: 'SEV3',
      timestamps: {
        impact_start: ran ? at : null,
        detected: detected ? at : null,
        acknowledged: acknowledged ? at : null,
        recovered: recovered ? at : null,
        impact_end: recovered ? at : null,
      },
      durations_ms: {
        time_to_detect: detected ? ms(20_000) : null,
        time_to_acknowledge: acknowledged ? ms(120_000) : null,
        time_to_recover: recovered ? ms(30_000) : null,
        impact: ran ? ms(90_000) : null,
      },
      alerts: { received, unique, expected_fired: detected ? 1 : 0, expected_missed: detected ? 0 : 1, noise: Math.floor(random() * (unique + 1)) },
      fingerprints: modes.map((m) => m.fingerprint),
      action_items: items,
      tags: [],
      related: [],
      generator: { version: 'bench', template: 'default' },
    });
  }
  return result;
};

const experimentOf = (i: number, random: () => number, pick: <T>(list: readonly T[]) => T): Experiment => {
  const services = [...new Set([pick(SERVICES), pick(SERVICES), pick(SERVICES)])];
  const kinds = [...new Set([pick(FAULT_KINDS), pick(FAULT_KINDS)])];
  const modes = Array.from({ length: 6 }, (_, m): Mode => {
    const kind = FINDING_KINDS[Math.floor(random() * FINDING_KINDS.length)]!;
    const subject = `check-${i}-${m}`;
    const tail = kind === 'failed-expectation' ? subject : `${subject}-${kind}`;
    return { fingerprint: `${services[0]}-proxy:${kinds[0]}:${tail}`, finding: `${kind}:${subject}` };
  });
  return { name: `experiment-${i}`, services, kinds, modes };
};

const weighted = <T>(choices: readonly [T, number][], r: number): T => {
  let left = r;
  for (const [choice, weight] of choices) {
    left -= weight;
    if (left < 0) return choice;
  }
  return choices[choices.length - 1]![0];
};
