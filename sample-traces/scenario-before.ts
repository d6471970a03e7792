/**
 * Before the migration: a "distributed monolith". One synchronous call chain
 * gateway → order → inventory → payment → fulfillment → notification, so the
 * user waits for every hop, including the flaky external payment provider.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Handler, Outcome } from './calls.js';
import { grpcCall, httpCall, query } from './calls.js';
import { type Dataset, type GenerateOptions, runDataset } from './dataset.js';
import type { Ctx } from './fleet.js';
import { type Order, QUERIES, checkout, createShipment, notifyCustomer, placeOrder, processPayment, randomOrder } from './shop.js';

/** Inventory retries a failed payment once; payment itself retries the provider up to 3 times. */
const PAYMENT_ATTEMPTS = 2;

const BEFORE: Dataset = {
  name: 'before-migration',
  epoch: '2026-03-02T10:00:00Z',
  services: [
    { name: 'gateway', version: '1.14.2', replicas: 2 },
    { name: 'order', version: '3.8.1', replicas: 3 },
    { name: 'inventory', version: '2.11.0', replicas: 2 },
    { name: 'payment', version: '4.2.3', replicas: 2 },
    { name: 'fulfillment', version: '1.9.4', replicas: 2 },
    { name: 'notification', version: '1.5.0', replicas: 1 },
  ],
  trace(fleet, rng, start) {
    const order = randomOrder(rng);
    checkout(fleet, rng, start, 201, (ctx, t) => createOrder(ctx, order, t));
  },
};

export function generateBefore(options?: GenerateOptions): ReadableSpan[] {
  return runDataset(BEFORE, options);
}

function createOrder(ctx: Ctx, order: Order, start: number): Outcome {
  const placed = placeOrder(ctx, order, start);
  const rpc = { service: 'inventory.v1.InventoryService', method: 'ReserveStock' };
  const reserved = grpcCall(ctx, 'inventory', rpc, placed + 0.2, (inventory, t) => reserveAndCharge(inventory, order, t));
  const end = query(ctx, QUERIES.updateOrderStatus, reserved.end + 0.1);
  return { end, ...(reserved.failure ? { failure: reserved.failure } : {}) };
}

function reserveAndCharge(ctx: Ctx, order: Order, start: number): Outcome {
  // The N+1 pattern: one round trip per line item, back to back.
  let t = start;
  for (let i = 0; i < order.skus.length; i++) t = query(ctx, QUERIES.selectStockBySku, t + ctx.rng.float(0.05, 0.3));
  t = query(ctx, QUERIES.reserveStock, t + 0.1);

  let paid: Outcome;
  for (let attempt = 0; ; attempt++) {
    const req = { method: 'POST', route: '/payments', path: '/payments', okStatus: 201, ...(attempt > 0 ? { resendCount: attempt } : {}) };
    paid = httpCall(ctx, 'payment', req, t + 0.2, chargeAndShip);
    t = paid.end;
    if (!paid.failure || attempt === PAYMENT_ATTEMPTS - 1) break;
    t += ctx.rng.float(100, 300);
  }
  if (!paid.failure) return { end: t };

  const released = query(ctx, QUERIES.releaseStock, t + 0.1);
  return { end: released, status: 14, failure: paid.failure };
}

const chargeAndShip: Handler = (ctx, start) => {
  const paid = processPayment(ctx, start);
  if (paid.failure) return paid;
  const rpc = { service: 'fulfillment.v1.FulfillmentService', method: 'CreateShipment' };
  return { end: grpcCall(ctx, 'fulfillment', rpc, paid.end + 0.2, shipAndNotify).end };
};

const shipAndNotify: Handler = (ctx, start) => {
  const shipped = createShipment(ctx, start);
  const req = { method: 'POST', route: '/notifications', path: '/notifications', okStatus: 202 };
  return { end: httpCall(ctx, 'notification', req, shipped + 0.2, notifyCustomer).end };
};
