import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchServerMonitors } from './monitor-watchdog.ts';

/** A client with one server whose monitor records what the watchdog did to it. */
function clientWithOneServer(address: string) {
  const calls: string[] = [];
  const monitor = { close: () => calls.push('close'), connect: () => calls.push('connect') };
  const client = Object.assign(new EventEmitter(), { topology: { s: { servers: new Map([[address, { monitor }]]) } } });
  return { client, calls };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the driver monitor watchdog', () => {
  it('restarts the monitoring of a server whose check has run longer than any check can', async () => {
    const { client, calls } = clientWithOneServer('127.0.0.1:27017');
    let clock = 0;
    const log: string[] = [];
    const stop = watchServerMonitors(client, {
      stuckAfterMs: 25_000,
      everyMs: 5,
      log: (l) => log.push(l),
      now: () => clock,
    });
    client.emit('serverHeartbeatStarted', { connectionId: '127.0.0.1:27017' });
    clock = 24_999;
    await tick(20);
    expect(calls).toEqual([]);
    clock = 25_000;
    await tick(20);
    expect(calls).toEqual(['close', 'connect']);
    expect(log).toEqual(['MongoDB monitoring of 127.0.0.1:27017 has not finished a check in 25 s; restarting it']);
    // Once: the restarted monitor's own check is timed from its own start.
    await tick(20);
    expect(calls).toEqual(['close', 'connect']);
    stop();
  });

  it('leaves alone a monitor whose checks end, however long the monitoring runs', async () => {
    const { client, calls } = clientWithOneServer('127.0.0.1:27017');
    let clock = 0;
    const stop = watchServerMonitors(client, {
      stuckAfterMs: 25_000,
      everyMs: 5,
      log: () => undefined,
      now: () => clock,
    });
    for (let i = 0; i < 10; i++) {
      client.emit('serverHeartbeatStarted', { connectionId: '127.0.0.1:27017' });
      clock += 10_000;
      client.emit(i % 2 ? 'serverHeartbeatFailed' : 'serverHeartbeatSucceeded', { connectionId: '127.0.0.1:27017' });
      clock += 10_000;
      await tick(10);
    }
    expect(calls).toEqual([]);
    stop();
  });

  it('only reports when the driver does not have the shape it knows', async () => {
    const client = new EventEmitter();
    let clock = 0;
    const log: string[] = [];
    const stop = watchServerMonitors(client, {
      stuckAfterMs: 1_000,
      everyMs: 5,
      log: (l) => log.push(l),
      now: () => clock,
    });
    client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
    clock = 2_000;
    await tick(20);
    expect(log).toEqual(['MongoDB monitoring of db:27017 has not finished a check in 2 s']);
    stop();
  });
});
