import type { EventEmitter } from 'node:events';

/**
 * The driver's view of one server, as far as the watchdog needs it. These are the driver's
 * internals (mongodb 7: `client.topology.s.servers`, `Server.monitor`), read defensively: when
 * their shape is not this, the watchdog only reports.
 */
interface MonitorLike {
  close(): void;
  connect(): void;
}
interface ClientLike extends EventEmitter {
  topology?: { s?: { servers?: Map<string, { monitor?: MonitorLike | null }> } };
}

export interface MonitorWatchdogOptions {
  /** A check running longer than this is stuck: the driver's own timeouts would have ended it. */
  stuckAfterMs: number;
  /** How often to look. */
  everyMs?: number;
  log: (line: string) => void;
  now?: () => number;
}

/**
 * Restarts the driver's monitoring of a server whose check never ends.
 *
 * Why: the driver marks a server unusable on a network error and waits for its monitor's next check
 * to mark it usable again; every operation meanwhile fails after serverSelectionTimeoutMS. The
 * store-kill fault test found (about one run in five, mongodb 7.8) a check started at the moment
 * the store process died that neither succeeded nor failed (its hello written to the connection
 * that had just closed: the driver waits for a 'drain' that Node never emits for a destroyed socket): with the store back, the app kept
 * answering "Not saved" for good, until it was restarted. A check is bounded by the driver's own
 * timeouts (connectTimeoutMS to connect, socketTimeoutMS for the hello), so one older than
 * `stuckAfterMs` is stuck: its monitor is closed and started again, which checks at once.
 */
export function watchServerMonitors(client: ClientLike, options: MonitorWatchdogOptions): () => void {
  const now = options.now ?? Date.now;
  const started = new Map<string, number>();
  const onStarted = (event: { connectionId?: unknown }) => {
    const address = String(event.connectionId);
    if (!started.has(address)) started.set(address, now());
  };
  const onEnded = (event: { connectionId?: unknown }) => started.delete(String(event.connectionId));
  client.on('serverHeartbeatStarted', onStarted);
  client.on('serverHeartbeatSucceeded', onEnded);
  client.on('serverHeartbeatFailed', onEnded);
  const timer = setInterval(() => {
    for (const [address, since] of started) {
      const runningMs = now() - since;
      if (runningMs < options.stuckAfterMs) continue;
      started.delete(address);
      const monitor = client.topology?.s?.servers?.get(address)?.monitor;
      if (!monitor || typeof monitor.close !== 'function' || typeof monitor.connect !== 'function') {
        options.log(`MongoDB monitoring of ${address} has not finished a check in ${Math.round(runningMs / 1000)} s`);
        continue;
      }
      options.log(
        `MongoDB monitoring of ${address} has not finished a check in ${Math.round(runningMs / 1000)} s; restarting it`,
      );
      monitor.close();
      monitor.connect();
    }
  }, options.everyMs ?? 1_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', onStarted);
    client.off('serverHeartbeatSucceeded', onEnded);
    client.off('serverHeartbeatFailed', onEnded);
  };
}
