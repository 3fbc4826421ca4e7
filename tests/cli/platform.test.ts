import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/exam-variants.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'ev-platform-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'platform', ...args], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', BASE_URL: 'http://localhost:3000' }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('exam-variants platform (manual registration)', () => {
  it('adds, lists and removes a platform with its deployments', () => {
    const moodle = ['--issuer', 'https://moodle.example.edu', '--client-id', 'abc123', '--auth-url', 'https://moodle.example.edu/mod/lti/auth.php', '--token-url', 'https://moodle.example.edu/mod/lti/token.php', '--jwks-url', 'https://moodle.example.edu/mod/lti/certs.php', '--deployment-id', '1'];
    const added = cli(['add', ...moodle]);
    expect(added.stderr).not.toMatch(/Error/);
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ registered: { issuer: 'https://moodle.example.edu', clientId: 'abc123', deploymentIds: ['1'] } });
    const listed = JSON.parse(cli(['list']).stdout.trim().split('\n').pop() ?? '{}') as { platforms: Array<{ issuer: string; deploymentIds: string[] }> };
    expect(listed.platforms).toEqual([expect.objectContaining({ issuer: 'https://moodle.example.edu', clientId: 'abc123', deploymentIds: ['1'] })]);
    expect(cli(['remove', '--issuer', 'https://moodle.example.edu', '--client-id', 'abc123']).status).toBe(0);
    expect(JSON.parse(cli(['list']).stdout.trim().split('\n').pop() ?? '{}')).toEqual({ platforms: [] });
  }, 90_000);

  it('explains a bad flag with exit code 2', () => {
    const r = cli(['add', '--issuer', 'not a url', '--client-id', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--issuer: must be an http\(s\) URL/);
    expect(r.stdout).toBe('');
  });
});
