import { z } from 'zod';

/**
 * The Toxiproxy 2.x wire objects, as any compatible server answers them
 * (shared/reference/toxiproxy-api.md §3.0). Unknown keys (such as the real
 * server's `"Logger":{}`) are dropped.
 */

export const toxicSchema = z.object({
  name: z.string(),
  type: z.string(),
  /** Echoed exactly as it was sent: `downstream`, `upstream`, or another casing of them. */
  stream: z.string(),
  /** Probability in [0, 1] that the toxic is active on one connection in one direction. */
  toxicity: z.number(),
  /** Every attribute is an integer; units depend on the type (latency in ms, bandwidth rate in KB/s, ...). */
  attributes: z.record(z.string(), z.number()),
});

export const proxySchema = z.object({
  name: z.string(),
  /** The bound address (`127.0.0.1:39135`) once started; as given while disabled. */
  listen: z.string(),
  upstream: z.string(),
  enabled: z.boolean(),
  /** Upstream toxics first, then downstream ones, each in the order they were added. */
  toxics: z.array(toxicSchema),
});

export const proxiesSchema = z.record(z.string(), proxySchema);

/** `{"proxies": null}` is what the server answers to an empty /populate. */
export const populateResponseSchema = z.object({
  proxies: z.array(proxySchema).nullable(),
});

export const versionSchema = z.object({ version: z.string() });

/** The body of every error answer: `{"error":"proxy not found","status":404}`. */
export const errorBodySchema = z.object({ error: z.string(), status: z.number().optional() });

export type Toxic = z.infer<typeof toxicSchema>;
export type Proxy = z.infer<typeof proxySchema>;

/** The toxic types every Toxiproxy 2.x server knows; `down` is not one (disable the proxy instead). */
export type ToxicType =
  | 'latency'
  | 'bandwidth'
  | 'slow_close'
  | 'timeout'
  | 'reset_peer'
  | 'slicer'
  | 'limit_data'
  | 'noop';

export type Stream = 'upstream' | 'downstream';

/** Body of POST /proxies and of each /populate entry. */
export interface NewProxy {
  name: string;
  /** `host:port`; port 0 picks a free port, which the answer shows. */
  listen?: string;
  upstream: string;
  /** Default true. */
  enabled?: boolean;
}

/** A partial update of a proxy; a change of listen or upstream restarts it and drops its connections. */
export interface ProxyChange {
  enabled?: boolean;
  listen?: string;
  upstream?: string;
}

/** Body of POST /proxies/{proxy}/toxics. */
export interface NewToxic {
  /** Default `<type>_<stream>`. */
  name?: string;
  type: ToxicType;
  /** Default `downstream`. */
  stream?: Stream;
  /** Default 1. */
  toxicity?: number;
  /** Integers; attributes left out are 0. */
  attributes?: Record<string, number>;
}

/** A partial update of a toxic: attributes are merged into the current ones. */
export interface ToxicChange {
  attributes?: Record<string, number>;
  toxicity?: number;
}
