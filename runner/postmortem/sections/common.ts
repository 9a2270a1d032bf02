import { outsideText } from '../escape.ts';
import type { Facts } from '../facts.ts';
import { formatMs, formatOffset } from '../format.ts';

/** Text from outside, marked as such: it is escaped where it lands (escape.ts outsideText). */
export const md = outsideText;

/** `T+2.3s` from the timeline's origin (the first fault injected). */
export const offsetOf = (facts: Facts, t: number): string => formatOffset(t - facts.origin);

/** A yes/no/unknown for tables. */
export const yesNo = (value: boolean | null, yes = 'yes', no = 'no', unknown = '—'): string => (value === null ? unknown : value ? yes : no);

/** `payments-slow (latency 1s on checkout-to-payments downstream)`, escaped. */
export const faultLine = (facts: Facts, name: string | null): string => {
  const fault = facts.faults.find((f) => f.name === name);
  return fault === undefined ? 'the fault' : `${md(fault.name)} (${md(fault.summary)})`;
};

/** How long the faults were on: first injection to last removal. */
export const faultSpan = (facts: Facts): string =>
  facts.impact.start === null || facts.faultsEnd === null ? '—' : formatMs(facts.faultsEnd - facts.impact.start.t);

/** The text ending in `.`, `!` or `?` (a period added when it has none). */
export const sentence = (text: string): string => (/[.!?]\u000f?$/.test(text) ? text : `${text}.`);
