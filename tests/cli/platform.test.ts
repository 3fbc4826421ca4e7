import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/exam-variants.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ev-platform-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'platform', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', BASE_URL: 'http://localhost:3000' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('exam-variants platform (manual registration)', () => {
  it('adds, lists and removes a platform with its deployments', () => {
    const moodle = [
      '--issuer',
      'https://moodle.example.edu',
      '--client-id',
      'abc123',
      '--auth-url',
      'https://moodle.example.edu/mod/lti/auth.php',
      '--token-url',
      'https://moodle.example.edu/mod/lti/token.php',
      '--jwks-url',
      'https://moodle.example.edu/mod/lti/certs.php',
      '--deployment-id',
      '1',
    ];
    const added = cli(['add', ...moodle]);
    expect(added.stderr).not.toMatch(/Error/);
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({
      registered: { issuer: 'https://moodle.example.edu', clientId: 'abc123', deploymentIds: ['1'] },
    });
    const listed = JSON.parse(cli(['list']).stdout.trim().split('\n').pop() ?? '{}') as {
      platforms: Array<{ issuer: string; deploymentIds: string[] }>;
    };
    expect(listed.platforms).toEqual([
      expect.objectContaining({ issuer: 'https://moodle.example.edu', clientId: 'abc123', deploymentIds: ['1'] }),
    ]);
    expect(cli(['remove', '--issuer', 'https://moodle.example.edu', '--client-id', 'abc123']).status).toBe(0);
    expect(JSON.parse(cli(['list']).stdout.trim().split('\n').pop() ?? '{}')).toEqual({ platforms: [] });
  }, 90_000);

  it('works while the tool runs (through its store), and the running tool sees the registration at once', async () => {
    const running = mkdtempSync(join(tmpdir(), 'ev-platform-running-'));
    const env = {
      ...process.env,
      DATA_DIR: running,
      MONGODB_URI: '',
      PORT: '0',
      HOST: '127.0.0.1',
      BASE_URL: 'http://localhost:3000',
      SANDBOX: 'off',
      NODE_ENV: 'development',
    };
    const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /listening on (http:\/\/[^\s]+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
      const run = (args: string[]) =>
        spawnSync(process.execPath, [BIN, 'platform', ...args], { encoding: 'utf8', env, timeout: 60_000 });
      const added = run([
        'add',
        '--issuer',
        'https://lms.example.edu',
        '--client-id',
        'live-1',
        '--auth-url',
        'https://lms.example.edu/auth',
        '--token-url',
        'https://lms.example.edu/token',
        '--jwks-url',
        'https://lms.example.edu/jwks',
        '--deployment-id',
        '7',
      ]);
      expect(added.stderr).not.toMatch(/Error|at /);
      expect(added.status).toBe(0);
      expect(
        (JSON.parse(run(['list']).stdout.trim().split('\n').pop() ?? '{}') as { platforms: unknown[] }).platforms,
      ).toEqual([
        expect.objectContaining({ issuer: 'https://lms.example.edu', clientId: 'live-1', deploymentIds: ['7'] }),
      ]);
      // The running tool starts a login for the new platform without a restart.
      const login = await fetch(
        `${url}/lti/login?iss=${encodeURIComponent('https://lms.example.edu')}&client_id=live-1&login_hint=u&target_link_uri=${encodeURIComponent('http://localhost:3000/lti/launch')}&lti_deployment_id=7`,
        { redirect: 'manual' },
      );
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toMatch(/^https:\/\/lms\.example\.edu\/auth\?/);
      expect(run(['remove', '--issuer', 'https://lms.example.edu', '--client-id', 'live-1']).status).toBe(0);
      const after = await fetch(
        `${url}/lti/login?iss=${encodeURIComponent('https://lms.example.edu')}&client_id=live-1&login_hint=u&target_link_uri=x`,
        { redirect: 'manual' },
      );
      expect(after.status).toBe(400);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      rmSync(running, { recursive: true, force: true });
    }
  }, 120_000);

  it('explains a bad flag with exit code 2', () => {
    const r = cli(['add', '--issuer', 'not a url', '--client-id', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--issuer: must be an http\(s\) URL/);
    expect(r.stdout).toBe('');
  });
});
