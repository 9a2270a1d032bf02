import { stringify } from 'yaml';

/**
 * A generated postmortem in the file format of /work/notes/postmortem-design.md, small enough to read in a
 * test. `version` changes every machine-written sentence, as a regeneration with new numbers would.
 */
export interface FixtureItem {
  id: string;
  text: string;
  owner?: string;
  due?: string;
  finding: string;
}

export const DEFAULT_ITEMS: FixtureItem[] = [
  { id: 'AI-aaaaaa', text: 'Make the alert checkout_slow fire within 60.0s', owner: 'payments', due: '2025-02-14', finding: 'missed-alert:checkout_slow' },
  { id: 'AI-bbbbbb', text: 'Make checkout recover by itself after latency ends', owner: 'payments', due: '2025-02-14', finding: 'not-recovered:checkout' },
];

const escape = (text: string): string => text.replace(/[\\`*_[\]|~!#]/g, (c) => `\\${c}`);

export const generatedPostmortem = (options: { version?: number; items?: FixtureItem[]; title?: string } = {}): string => {
  const version = options.version ?? 1;
  const items = options.items ?? DEFAULT_ITEMS;
  const title = options.title ?? 'Checkout latency drill';
  const frontMatter = {
    id: 'PM-run-1a2b',
    title,
    kind: 'gameday',
    status: 'draft',
    date: '2025-01-31',
    experiment: { name: 'checkout-latency', file: 'experiments/checkout-latency.yaml' },
    run_id: 'run-1a2b',
    verdict: 'deviated',
    services: ['checkout', 'payments'],
    fault_kinds: ['latency'],
    severity: 'SEV2',
    timestamps: {
      impact_start: '2025-01-31T10:00:00.000Z',
      detected: '2025-01-31T10:00:42.000Z',
      acknowledged: null,
      recovered: '2025-01-31T10:02:00.000Z',
      impact_end: '2025-01-31T10:02:00.000Z',
    },
    durations_ms: { time_to_detect: 42_000 + version, time_to_acknowledge: null, time_to_recover: 120_000, impact: 120_000 },
    alerts: { received: 3 + version, unique: 2, expected_fired: 1, expected_missed: 1, noise: 1 },
    fingerprints: ['checkout-to-payments:latency:checkout-stays-fast'],
    action_items: items.map((i) => ({
      id: i.id,
      text: i.text,
      ...(i.owner === undefined ? {} : { owner: i.owner }),
      ...(i.due === undefined ? {} : { due: i.due }),
      done: false,
      finding: i.finding,
    })),
    tags: [],
    related: [],
    generator: { version: `0.1.${version}`, template: 'default' },
  };
  const section = (name: string, heading: string, machine: string[]): string[] => [
    `<!-- gameday:section ${name} -->`,
    `## ${heading}`,
    '',
    '<!-- gameday:generated -->',
    ...machine,
    '<!-- gameday:end -->',
    '',
  ];
  const itemLine = (i: FixtureItem): string => {
    const meta = [i.owner, i.due === undefined ? undefined : `due ${i.due}`].filter((m) => m !== undefined);
    return `- [ ] ${i.id} ${escape(i.text)}${meta.length === 0 ? '' : ` — ${meta.join(', ')}`}`;
  };
  return [
    '---',
    stringify(frontMatter, { lineWidth: 0 }).trimEnd(),
    '---',
    `# ${escape(title)}`,
    '',
    ...section('summary', 'Summary', [version === 1 ? 'The checkout service slowed down for 2m00s.' : `Summary, version ${version}.`]),
    ...section('impact', 'Impact', [`Requests failed: ${10 * version}.`, '', '| metric | value |', '| --- | --- |', `| errors | ${version} |`]),
    ...section('what-went-well', 'What went well', [`- Version ${version}: the alert fired.`]),
    ...section('action-items', 'Action items', items.length === 0 ? ['No action items.'] : items.map(itemLine)),
    ...section('supporting-data', 'Supporting data', [`Journal: ${100 + version} events.`]),
  ].join('\n');
};
