import { getCollection, type CollectionEntry } from 'astro:content';
import {
  insightsOf,
  ticksFromGit,
  type ActionItemInsight,
  type FailureModeCluster,
  type Insights,
  type PeriodTrend,
  type TrendSplit,
} from '../../../runner/insights/index.ts';
import type { PostmortemData } from './entry.ts';
import { slugOfName } from './slug.ts';

/**
 * Everything the pages show, made ONCE per build (a module-level promise): the postmortems, their insights
 * (runner/insights `insightsOf`, the same function `gameday insights` uses, with git ticks), and the indexes
 * pages look things up in. Pages never scan the whole corpus themselves, so n pages cost O(n), not O(n²).
 */
export interface Named {
  name: string;
  slug: string;
  /** Newest first. */
  postmortems: PostmortemData[];
  /** Its trends (insights' split by service or experiment). */
  month: PeriodTrend[];
  week: PeriodTrend[];
  /** Failure modes it is part of, most often seen first. */
  failureModes: FailureModeCluster[];
}

export interface Corpus {
  /** Newest first (undated last), then by id. */
  postmortems: PostmortemData[];
  entries: Map<string, CollectionEntry<'postmortems'>>;
  insights: Insights;
  /** Page slug of a postmortem by the id insights know it by (the first file when two share an id). */
  slugOfId: Map<string, string>;
  services: Named[];
  experiments: Named[];
  serviceSlug: Map<string, string>;
  experimentSlug: Map<string, string>;
  /** Action items (insights' view: done, age, ticked, verified) by postmortem id. */
  itemsOf: Map<string, ActionItemInsight[]>;
}

let cached: Promise<Corpus> | undefined;

export const corpus = (): Promise<Corpus> => (cached ??= load());

const load = async (): Promise<Corpus> => {
  const list = await getCollection('postmortems');
  const entries = new Map(list.map((entry) => [entry.id, entry]));
  const postmortems = list.map((entry) => entry.data as PostmortemData).sort(newestFirst);
  const ticks = process.env.GAMEDAY_SITE_TICKS === '0' ? undefined : await ticksFromGit(postmortems.map((pm) => pm.path));
  const insights = insightsOf(
    postmortems.map((pm) => ({ path: pm.path, frontMatter: pm.frontMatter, actionItems: pm.actionItems, generated: pm.generated })),
    { now: process.env.GAMEDAY_SITE_NOW || new Date().toISOString(), ...(ticks === undefined ? {} : { ticks }) },
  );
  const slugOfId = new Map<string, string>();
  for (const pm of [...postmortems].reverse()) slugOfId.set(pm.id, pm.slug);
  const { week, month } = insights.trends;
  const modes = insights.recurring.failureModes;
  const services = named(postmortems, (pm) => pm.frontMatter.services ?? [], {
    week: week.service,
    month: month.service,
    modes: group(modes, (cluster) => cluster.services),
  });
  const experiments = named(postmortems, (pm) => (pm.frontMatter.experiment === undefined ? [] : [pm.frontMatter.experiment.name]), {
    week: week.experiment,
    month: month.experiment,
    modes: group(modes, (cluster) => cluster.experiments),
  });
  const itemsOf = group(insights.actionItems.items, (item) => [item.postmortem]);
  return {
    postmortems,
    entries,
    insights,
    slugOfId,
    services,
    experiments,
    serviceSlug: new Map(services.map((s) => [s.name, s.slug])),
    experimentSlug: new Map(experiments.map((e) => [e.name, e.slug])),
    itemsOf,
  };
};

interface Splits {
  week: TrendSplit[];
  month: TrendSplit[];
  modes: Map<string, FailureModeCluster[]>;
}

/** Groups postmortems by each name `namesOf` gives, by name, each with a unique URL slug and its own trends. */
const named = (postmortems: readonly PostmortemData[], namesOf: (pm: PostmortemData) => readonly string[], splits: Splits): Named[] => {
  const groups = group(postmortems, (pm) => [...new Set(namesOf(pm))]);
  const week = new Map(splits.week.map((split) => [split.key, split.periods]));
  const month = new Map(splits.month.map((split) => [split.key, split.periods]));
  const taken = new Set<string>();
  return [...groups.keys()].sort().map((name) => ({
    name,
    slug: slugOfName(name, taken),
    postmortems: groups.get(name)!,
    week: week.get(name) ?? [],
    month: month.get(name) ?? [],
    failureModes: splits.modes.get(name) ?? [],
  }));
};

/** `values` grouped under each key `keysOf` gives, each group in the order of `values`. */
const group = <T>(values: readonly T[], keysOf: (value: T) => readonly string[]): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    for (const key of keysOf(value)) {
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [value]);
      else list.push(value);
    }
  }
  return groups;
};

const newestFirst = (a: PostmortemData, b: PostmortemData): number =>
  a.date === b.date ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? 1 : -1;
