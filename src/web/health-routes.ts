import express, { type Router } from 'express';
import type { StoreHealth } from '../store/store-health.ts';

/**
 * /health and /ready: 200 only while the store accepts a durable write, 503 with the reason
 * otherwise, so a container healthcheck or a load balancer stops sending students to an instance
 * that would have to refuse their submissions (a full disk, a failed journal, a lost database).
 */
export function healthRoutes(storeHealth: () => Promise<StoreHealth>): Router {
  const router = express.Router();
  const answer: express.RequestHandler = async (_req, res) => {
    const store = await storeHealth();
    res
      .status(store.writable ? 200 : 503)
      .json(
        store.writable ? { ok: true, store: 'writable' } : { ok: false, store: 'cannot write', reason: store.reason },
      );
  };
  router.get('/health', answer);
  router.get('/ready', answer);
  return router;
}
