export { buildSite, SITE_ROOT, SiteBuildError, type BuildSiteOptions, type BuildSiteResult } from './build.ts';
export { previewSite, type PreviewServer, type PreviewSiteOptions } from './preview.ts';
export { TIMELINE_KINDS, timelineOf, type TimelineEntry, type TimelineKind, type TimelineRead } from './timeline.ts';
export {
  hasFrontMatter,
  selectForSite,
  siteWarnings,
  skippedLine,
  slugOfFile,
  warningLines,
  type SiteSelection,
  type SkippedFile,
} from './usable.ts';
