import { readFileSync } from 'node:fs';
import { z } from 'zod';

const packageSchema = z.object({
  version: z.string(),
  bugs: z.union([z.string(), z.object({ url: z.string().optional() })]).optional(),
});

export interface PackageInfo {
  version: string;
  /** Where bugs are reported: package.json `bugs`, when it names one. */
  bugsUrl?: string;
}

/** The facts about gameday itself, from its package.json. */
export const readPackageInfo = (): PackageInfo => {
  const json: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const pkg = packageSchema.parse(json);
  const bugsUrl = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
  return bugsUrl === undefined ? { version: pkg.version } : { version: pkg.version, bugsUrl };
};
