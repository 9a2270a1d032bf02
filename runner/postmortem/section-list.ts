import {
  actionItems,
  contributingFactors,
  detection,
  impact,
  keyTimestamps,
  response,
  summary,
  supportingData,
  timeline,
  whatWentBadly,
  whatWentWell,
  whereWeGotLucky,
  type Section,
} from './sections/index.ts';

/** Every section, in the order of SECTION_NAMES. Adding one is one file in sections/, one partial and one line here. */
export const SECTIONS: readonly Section[] = [
  summary,
  impact,
  keyTimestamps,
  timeline,
  detection,
  response,
  contributingFactors,
  whatWentWell,
  whatWentBadly,
  whereWeGotLucky,
  actionItems,
  supportingData,
];
