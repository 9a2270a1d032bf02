import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../runner/cli/command.ts';
import { main } from '../../runner/cli/main.ts';
import { ExitCode, InputError, MissingInputError } from '../../runner/errors.ts';
import { buildSite, previewSite, SITE_ROOT, type PreviewServer } from '../../runner/site/index.ts';
import { tempDir } from '../faults/fixtures.ts';

// previewSite over a small hand-made build; buildSite's checks that refuse before Astro starts; the `gameday
// site` command line. No Astro build here (site.test.ts has the one build).

const work = tempDir('site-preview');
let server: PreviewServer;

beforeAll(async () => {
  const dist = join(work.dir, 'dist');
  mkdirSync(join(dist, 'a'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(dist, 'a', 'index.html'), '<h1>a</h1>');
  writeFileSync(join(dist, '404.html'), '<h1>missing</h1>');
  writeFileSync(join(dist, 'style.css'), 'body{}');
  writeFileSync(join(work.dir, 'secret.txt'), 'secret');
  server = await previewSite({ dir: dist, port: 0, base: '/b' });
});

afterAll(async () => {
  await server?.close();
  work.remove();
});

/** A raw GET (no URL normalisation by a client), so `..` reaches the server as sent. */
const get = (path: string, method = 'GET'): Promise<{ status: number; type: string; location: string; body: string }> =>
  new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), location: String(res.headers.location), body }));
    });
    req.on('error', fail).end();
  });

describe('previewSite', () => {
  it('serves pages and files under the base, with their types', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/b/`);
    expect(await get('/b/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<h1>home</h1>' });
    expect(await get('/b/a/')).toMatchObject({ status: 200, body: '<h1>a</h1>' });
    expect(await get('/b/style.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(await get('/b/a/', 'HEAD')).toMatchObject({ status: 200, body: '' });
    expect((await get('/b/', 'POST')).status).toBe(405);
  });

  it('redirects a folder to its slash, and never to another host', async () => {
    expect(await get('/b/a?x=1')).toMatchObject({ status: 301, location: '/b/a/?x=1' });
    expect((await get('//b/a')).location).not.toMatch(/^\/\//);
  });

  it("answers 404 with the site's page outside the base, for unknown paths and for paths out of the folder", async () => {
    for (const path of ['/a/', '/b/nope/', '/b/../secret.txt', '/b/%2e%2e/secret.txt', '/b/..%2fsecret.txt', '/b/%zz']) {
      expect(await get(path), path).toMatchObject({ status: 404, body: '<h1>missing</h1>' });
    }
  });

  it('refuses a folder with no built site', async () => {
    await expect(previewSite({ dir: work.dir, port: 0 })).rejects.toBeInstanceOf(MissingInputError);
  });
});

describe('buildSite checks before building', () => {
  it('refuses a missing postmortems folder', async () => {
    await expect(buildSite({ postmortemsDir: join(work.dir, 'none'), outDir: join(work.dir, 'out') })).rejects.toBeInstanceOf(MissingInputError);
  });

  it('refuses an output folder it would empty of something else', async () => {
    const postmortems = join(work.dir, 'pm');
    mkdirSync(postmortems, { recursive: true });
    for (const outDir of [work.dir, postmortems, SITE_ROOT, process.cwd()]) {
      await expect(buildSite({ postmortemsDir: postmortems, outDir }), outDir).rejects.toBeInstanceOf(InputError);
    }
    const other = join(work.dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(buildSite({ postmortemsDir: postmortems, outDir: other })).rejects.toThrow(/not empty and holds no earlier build/);
    await expect(buildSite({ postmortemsDir: postmortems, outDir: join(work.dir, 'new'), base: '/a b/' })).rejects.toThrow(/base must be a URL path/);
  });
});

describe('gameday site', () => {
  const gameday = async (argv: string[]): Promise<{ code: number; err: string }> => {
    let err = '';
    const context: Partial<CommandContext> = {
      stdout: { write: () => undefined },
      stderr: { write: (text) => void (err += text) },
      cwd: work.dir,
      env: {},
      stopRequested: () => new Promise(() => {}),
    };
    return { code: await main(argv, { context }), err };
  };

  it('takes build or preview, and only the options of each', async () => {
    expect(await gameday(['site'])).toMatchObject({ code: ExitCode.usage });
    expect(await gameday(['site', 'deploy'])).toMatchObject({ code: ExitCode.usage, err: expect.stringMatching(/takes build or preview, got "deploy"/) });
    expect(await gameday(['site', 'build', '--port', '80'])).toMatchObject({ code: ExitCode.usage, err: expect.stringMatching(/--port is not an option of gameday site build/) });
    expect(await gameday(['site', 'preview', '--dir', 'x'])).toMatchObject({ code: ExitCode.usage });
    expect(await gameday(['site', 'build', '--url', 'ftp://x'])).toMatchObject({ code: ExitCode.usage });
  });

  it('says what is missing', async () => {
    expect(await gameday(['site', 'build', '--dir', 'none'])).toMatchObject({ code: ExitCode.noInput, err: expect.stringMatching(/postmortems folder/) });
    expect(await gameday(['site', 'preview', '--out', 'none', '--port', '0'])).toMatchObject({ code: ExitCode.noInput, err: expect.stringMatching(/no built site/) });
  });
});
