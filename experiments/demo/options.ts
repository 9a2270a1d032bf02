/** Checks the options of startDemoService before anything listens. */
import { DemoConfigError } from './errors.ts';
import { DEMO_SERVICE_NAMES, type DemoServiceName, isDemoServiceName } from './names.ts';
import { demoDependencies } from './registry.ts';

export interface CheckedOptions {
  name: DemoServiceName;
  host: string;
  port: number;
  /** One normalised base URL per dependency the service has, no others. */
  dependencies: Record<string, string>;
}

export function checkServiceOptions(
  name: string,
  options: { host?: string; port?: number; dependencies?: Readonly<Record<string, string>> },
): CheckedOptions {
  if (!isDemoServiceName(name)) {
    throw new DemoConfigError(`unknown demo service "${name}"; expected one of: ${DEMO_SERVICE_NAMES.join(', ')}`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DemoConfigError(`port of ${name} must be an integer from 0 to 65535 (0 picks a free port), got ${port}`);
  }
  const needed = demoDependencies(name);
  const given = options.dependencies ?? {};
  const unknown = Object.keys(given).filter((dependency) => !(needed as readonly string[]).includes(dependency));
  if (unknown.length > 0) {
    const expected = needed.length === 0 ? 'none' : needed.join(', ');
    throw new DemoConfigError(`${name} has no dependency named ${unknown.join(', ')}; its dependencies are: ${expected}`);
  }
  const missing = needed.filter((dependency) => given[dependency] === undefined);
  if (missing.length > 0) {
    throw new DemoConfigError(`${name} needs the base URL of ${missing.join(', ')} (e.g. http://127.0.0.1:18091)`);
  }
  const dependencies: Record<string, string> = {};
  for (const dependency of needed) dependencies[dependency] = checkBaseUrl(name, dependency, given[dependency] ?? '');
  return { name, host: options.host ?? '127.0.0.1', port, dependencies };
}

function checkBaseUrl(name: string, dependency: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DemoConfigError(`URL of ${dependency} for ${name} is not a URL: "${value}" (expected http://host:port)`);
  }
  if (url.protocol !== 'http:') {
    throw new DemoConfigError(`URL of ${dependency} for ${name} must start with http:// (got "${value}")`);
  }
  return url.href.replace(/\/+$/, '');
}
