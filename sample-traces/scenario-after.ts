/**
 * After the migration: event-driven. The order service persists the order,
 * publishes OrderPlaced to Kafka and answers 202 right away; inventory,
 * payment and fulfillment consume the event independently, fulfillment emits
 * OrderFulfilled for notification. The slow payment provider is off the
 * user-facing path.
 *
 * Every CONSUMER span is a child of its PRODUCER span (one trace per order)
 * and also carries a span link to that PRODUCER span.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Handler, Message } from './calls.js';
import { consume, publish, query } from './calls.js';
import { type Dataset, type GenerateOptions, runDataset } from './dataset.js';
import type { Ctx } from './fleet.js';
import type { Random } from './seeded-random.js';
import { type Order, QUERIES, checkout, createShipment, notifyCustomer, placeOrder, processPayment, randomOrder } from './shop.js';

const AFTER: Dataset = {
  name: 'after-migration',
  epoch: '2026-03-02T11:00:00Z',
  services: [
    { name: 'gateway', version: '1.15.0', replicas: 2 },
    { name: 'order', version: '4.0.0', replicas: 3 },
    { name: 'inventory', version: '3.0.0', replicas: 2 },
    { name: 'payment', version: '5.0.0', replicas: 2 },
    { name: 'fulfillment', version: '2.0.0', replicas: 2 },
    { name: 'notification', version: '2.0.0', replicas: 1 },
  ],
  trace(fleet, rng, start) {
    const order = randomOrder(rng);
    checkout(fleet, rng, start, 202, (ctx, t) => {
      const placed = publish(ctx, 'orders.placed', order.id, placeOrder(ctx, order, t) + 0.2);
      // The consumers run later in time; they are emitted here because the message context is at hand.
      processOrderPlaced(ctx, order, placed);
      return { end: placed.sentAt + 0.1 };
    });
  },
};

export function generateAfter(options?: GenerateOptions): ReadableSpan[] {
  return runDataset(AFTER, options);
}

/** Consumer lag: usually tens of ms, occasionally seconds (rebalance, backlog). */
function queueDelay(rng: Random): number {
  if (rng.chance(0.03)) return rng.float(1000, 4000);
  return Math.min(200, Math.max(5, rng.latency(30, 0.8)));
}

function processOrderPlaced(producer: Ctx, order: Order, message: Message): void {
  const deliver = (service: string, handle: Handler) =>
    consume(producer, service, service, message, message.sentAt + queueDelay(producer.rng), handle);

  deliver('inventory', (ctx, t) => {
    // The former N+1 loop is now a single batched query.
    const checked = query(ctx, QUERIES.selectStockBySkus, t);
    return { end: query(ctx, QUERIES.reserveStock, checked + 0.1) };
  });
  deliver('payment', processPayment);
  deliver('fulfillment', (ctx, t) => {
    const fulfilled = publish(ctx, 'orders.fulfilled', order.id, createShipment(ctx, t) + 0.2);
    consume(ctx, 'notification', 'notification', fulfilled, fulfilled.sentAt + queueDelay(ctx.rng), notifyCustomer);
    return { end: fulfilled.sentAt + 0.1 };
  });
}
