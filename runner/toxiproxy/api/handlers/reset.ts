import { noContent } from '../responses.ts';
import type { Handler } from '../types.ts';

/**
 * POST /reset: every proxy enabled and stripped of its toxics, live
 * connections kept; the body is ignored. A proxy that cannot start stops the
 * reset part-way with its error (500).
 */
export const resetState: Handler = async (_request, { proxies }) => {
  await proxies.reset();
  return noContent();
};
