import type { Plan } from '../experiment/index.ts';
import type { FaultServer } from '../faults/index.ts';
import { openToxiproxy } from '../toxiproxy-client/index.ts';

export interface OpenServers {
  servers: Map<string, FaultServer>;
  /** Stops the embedded server, if one was started; real servers are left as they are. */
  close(): Promise<void>;
}

/**
 * One client per Toxiproxy server of the plan, by host; a server without a
 * URL is the embedded one, started here on 127.0.0.1 (a free port).
 */
export async function openServers(plan: Plan, timeoutMs?: number): Promise<OpenServers> {
  const opened: { host: string; handle: Awaited<ReturnType<typeof openToxiproxy>> }[] = [];
  try {
    for (const server of plan.servers) {
      // An empty env: the plan has already applied TOXIPROXY_URL where it counts.
      const handle = await openToxiproxy({ url: server.url ?? undefined, env: {}, timeoutMs });
      opened.push({ host: server.host, handle });
    }
  } catch (error) {
    await Promise.all(opened.map(({ handle }) => handle.close()));
    throw error;
  }
  return {
    servers: new Map(opened.map(({ host, handle }) => [host, { client: handle.client, url: handle.url, embedded: handle.embedded }])),
    close: async () => {
      await Promise.all(opened.map(({ handle }) => handle.close()));
    },
  };
}
