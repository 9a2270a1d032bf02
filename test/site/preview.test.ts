import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewSite, type PreviewServer } from '../../runner/site/index.ts';

/** `gameday site preview` serves a build as a static host would, and nothing outside it. */

let dir: string;
let outside: string;
let server: PreviewServer;
let based: PreviewServer;

/** A raw request (fetch would normalise `..` away before it is sent). */
const get = (port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.once('error', reject);
    req.end();
  });

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'gameday-preview-'));
  dir = join(root, 'dist');
  outside = join(root, 'secret.txt');
  mkdirSync(join(dir, 'postmortems', 'one'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<h1>overview</h1>');
  writeFileSync(join(dir, '404.html'), '<h1>not here</h1>');
  writeFileSync(join(dir, 'postmortems', 'one', 'index.html'), '<h1>one</h1>');
  writeFileSync(join(dir, 'rss.xml'), '<rss/>');
  writeFileSync(outside, 'do not serve');
  server = await previewSite({ dir, host: '127.0.0.1', port: 0 });
  based = await previewSite({ dir, host: '127.0.0.1', port: 0, base: '/gameday/' });
});

afterAll(async () => {
  await server?.close();
  await based?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('gameday site preview', () => {
  it('serves pages as folders, files with their type, and redirects a folder without its slash', async () => {
    await expect(get(server.port, '/')).resolves.toMatchObject({ status: 200, body: '<h1>overview</h1>' });
    await expect(get(server.port, '/postmortems/one/')).resolves.toMatchObject({ status: 200, body: '<h1>one</h1>' });
    const feed = await get(server.port, '/rss.xml');
    expect(feed.headers['content-type']).toMatch(/xml/);
    await expect(get(server.port, '/postmortems/one')).resolves.toMatchObject({ status: 301, headers: { location: '/postmortems/one/' } });
    await expect(get(server.port, '/rss.xml', 'HEAD')).resolves.toMatchObject({ status: 200, body: '' });
  });

  it("answers an unknown page with the site's 404 page, and refuses other methods", async () => {
    await expect(get(server.port, '/nope/')).resolves.toMatchObject({ status: 404, body: '<h1>not here</h1>' });
    await expect(get(server.port, '/', 'POST')).resolves.toMatchObject({ status: 405 });
  });

  it('never serves a file outside the build, however the path is written', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/postmortems/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/%E0%A4%A']) {
      const answer = await get(server.port, path);
      expect(answer.body, path).not.toContain('do not serve');
      expect(answer.status, path).toBe(404);
    }
    // A redirect never points at another host.
    for (const path of ['//postmortems/one', '/%2Fpostmortems/one']) {
      const location = (await get(server.port, path)).headers.location;
      if (location !== undefined) expect(String(location), path).toMatch(/^\/[^/]/);
    }
  });

  it('serves a build made for a sub-path only under that path', async () => {
    expect(based.url).toMatch(/\/gameday\/$/);
    await expect(get(based.port, '/gameday/postmortems/one/')).resolves.toMatchObject({ status: 200 });
    await expect(get(based.port, '/postmortems/one/')).resolves.toMatchObject({ status: 404 });
  });

  it('refuses a folder that holds no build', async () => {
    await expect(previewSite({ dir: join(dir, 'postmortems'), port: 0 })).rejects.toThrow(/no built site/);
  });
});
