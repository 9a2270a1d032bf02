/**
 * A plain HTTP server standing in for the run's alert receiver, to check the
 * Prometheus → Alertmanager → webhook path alone: it takes POST /alertmanager
 * with `Authorization: Bearer <secret>` (401 otherwise), records every body
 * with its arrival time, and answers 200. Listens on 127.0.0.1:0.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WEBHOOK_PATH = '/alertmanager';

/** The fields of an Alertmanager webhook body (version 4) the tests look at. */
export interface WebhookBody {
  version: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupKey: string;
  externalURL: string;
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }>;
}

export interface Delivery {
  /** Date.now() when the body had arrived, ms. */
  at: number;
  headers: IncomingHttpHeaders;
  body: WebhookBody;
}

export interface StandInReceiver {
  /** `http://127.0.0.1:<port>/alertmanager` */
  readonly webhookUrl: string;
  /** Deliveries accepted so far, oldest first. */
  readonly deliveries: Delivery[];
  /** Requests refused (wrong path, method or token), as `METHOD path status`. */
  readonly refused: string[];
  close(): Promise<void>;
}

export async function startStandInReceiver(secret: string): Promise<StandInReceiver> {
  const deliveries: Delivery[] = [];
  const refused: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let status =
        request.method !== 'POST' || request.url !== WEBHOOK_PATH ? 404 : request.headers.authorization !== `Bearer ${secret}` ? 401 : 200;
      if (status === 200) {
        try {
          deliveries.push({ at: Date.now(), headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody });
        } catch {
          status = 400;
        }
      }
      if (status !== 200) refused.push(`${request.method} ${request.url} ${status}`);
      response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"status":"ok"}' : '{"error":"refused"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    deliveries,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
