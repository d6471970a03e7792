/**
 * The shop domain shared by both architectures: the order, the databases and
 * third-party APIs, the public checkout entry point, and the business steps
 * whose spans look the same before and after the migration.
 */
import { SpanKind } from '@opentelemetry/api';
import type { Database, ExternalApi, Handler, Outcome, Query } from './calls.js';
import { externalCall, httpCall, internal, query } from './calls.js';
import { Ctx, type Fleet } from './fleet.js';
import type { Random } from './seeded-random.js';

export interface Order {
  id: string;
  skus: string[];
}

export function randomOrder(rng: Random): Order {
  const skus: string[] = [];
  for (let i = rng.int(5, 25); i > 0; i--) skus.push(`SKU-${rng.int(10000, 99999)}`);
  return { id: `ord_${rng.hex(8)}`, skus };
}

function postgres(name: string, ip: string): Database {
  return { system: 'postgresql', namespace: name, host: `${name}.shop.svc.cluster.local`, port: 5432, ip };
}

const DB = {
  order: postgres('order-db', '10.42.20.11'),
  inventory: postgres('inventory-db', '10.42.20.12'),
  payment: postgres('payment-db', '10.42.20.13'),
  fulfillment: postgres('fulfillment-db', '10.42.20.14'),
  notification: postgres('notification-db', '10.42.20.15'),
  cache: { system: 'redis', namespace: '0', host: 'redis.shop.svc.cluster.local', port: 6379, ip: '10.42.20.30' },
} as const satisfies Record<string, Database>;

/** Every statement the services run, with its typical latency. Texts are parameterized, as instrumentations record them. */
export const QUERIES = {
  getSession: { db: DB.cache, operation: 'GET', text: 'GET session:?', medianMs: 0.5 },
  setIdempotencyKey: { db: DB.cache, operation: 'SET', text: 'SET idempotency:? ? NX EX ?', medianMs: 0.5 },
  selectCustomer: {
    db: DB.order,
    operation: 'SELECT',
    collection: 'customers',
    text: 'SELECT id, tier, default_address_id FROM customers WHERE id = $1',
    medianMs: 1.5,
  },
  insertOrder: {
    db: DB.order,
    operation: 'INSERT',
    collection: 'orders',
    text: 'INSERT INTO orders (id, customer_id, status, total_cents) VALUES ($1, $2, $3, $4)',
    medianMs: 2.5,
  },
  insertOrderLines: {
    db: DB.order,
    operation: 'INSERT',
    collection: 'order_lines',
    text: 'INSERT INTO order_lines (order_id, sku, quantity, price_cents) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])',
    medianMs: 2.5,
  },
  updateOrderStatus: {
    db: DB.order,
    operation: 'UPDATE',
    collection: 'orders',
    text: 'UPDATE orders SET status = $2 WHERE id = $1',
    medianMs: 2,
  },
  selectStockBySku: {
    db: DB.inventory,
    operation: 'SELECT',
    collection: 'stock',
    text: 'SELECT sku, available, reserved FROM stock WHERE sku = $1',
    medianMs: 1.8,
  },
  selectStockBySkus: {
    db: DB.inventory,
    operation: 'SELECT',
    collection: 'stock',
    text: 'SELECT sku, available, reserved FROM stock WHERE sku = ANY($1)',
    medianMs: 3,
  },
  reserveStock: {
    db: DB.inventory,
    operation: 'UPDATE',
    collection: 'stock',
    text: 'UPDATE stock SET reserved = reserved + v.qty FROM unnest($1::text[], $2::int[]) AS v(sku, qty) WHERE stock.sku = v.sku',
    medianMs: 4,
  },
  releaseStock: {
    db: DB.inventory,
    operation: 'UPDATE',
    collection: 'stock',
    text: 'UPDATE stock SET reserved = reserved - v.qty FROM unnest($1::text[], $2::int[]) AS v(sku, qty) WHERE stock.sku = v.sku',
    medianMs: 4,
  },
  insertPayment: {
    db: DB.payment,
    operation: 'INSERT',
    collection: 'payments',
    text: "INSERT INTO payments (id, order_id, amount_cents, status) VALUES ($1, $2, $3, 'pending')",
    medianMs: 2.5,
  },
  updatePayment: {
    db: DB.payment,
    operation: 'UPDATE',
    collection: 'payments',
    text: 'UPDATE payments SET status = $2, provider_ref = $3 WHERE id = $1',
    medianMs: 2,
  },
  selectWarehouseStock: {
    db: DB.fulfillment,
    operation: 'SELECT',
    collection: 'warehouse_stock',
    text: 'SELECT warehouse_id, sku, available FROM warehouse_stock WHERE sku = ANY($1)',
    medianMs: 4,
  },
  insertShipment: {
    db: DB.fulfillment,
    operation: 'INSERT',
    collection: 'shipments',
    text: 'INSERT INTO shipments (id, order_id, warehouse_id, status) VALUES ($1, $2, $3, $4)',
    medianMs: 2.5,
  },
  selectTemplate: {
    db: DB.notification,
    operation: 'SELECT',
    collection: 'templates',
    text: 'SELECT subject, body FROM templates WHERE name = $1 AND locale = $2',
    medianMs: 1.5,
  },
  insertNotification: {
    db: DB.notification,
    operation: 'INSERT',
    collection: 'notifications',
    text: 'INSERT INTO notifications (id, order_id, channel, sent_at) VALUES ($1, $2, $3, $4)',
    medianMs: 2,
  },
} as const satisfies Record<string, Query>;

const PAYMENT_GATEWAY: ExternalApi = { host: 'api.payments.example.com', ip: '203.0.113.10', peerService: 'payment-gateway' };
const EMAIL_PROVIDER: ExternalApi = { host: 'api.mail.example.com', ip: '203.0.113.25', peerService: 'email-provider' };

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:135.0) Gecko/20100101 Firefox/135.0',
  'ShopApp/4.12.0 (Android 15; Pixel 8)',
];

/**
 * The public entry point, identical in both architectures: the gateway checks
 * the session in Redis and forwards POST /orders to the order service.
 * The gateway's SERVER span is the trace root.
 */
export function checkout(fleet: Fleet, rng: Random, start: number, okStatus: number, handleOrder: Handler): void {
  const root = Ctx.root(fleet, rng, fleet.pick('gateway', rng));
  const span = root.start('http', 'POST /orders', SpanKind.SERVER, start, {
    'http.request.method': 'POST',
    'url.scheme': 'https',
    'url.path': '/orders',
    'http.route': '/orders',
    'server.address': 'shop.example.com',
    'server.port': 443,
    'client.address': `198.51.100.${rng.int(1, 254)}`,
    'network.peer.address': '10.0.1.17', // the cloud load balancer
    'network.protocol.version': '2',
    'user_agent.original': rng.pick(USER_AGENTS),
  });
  const ctx = root.child(span);
  const sessionChecked = query(ctx, QUERIES.getSession, start + rng.float(0.1, 0.4));
  const req = { method: 'POST', route: '/orders', path: '/orders', okStatus };
  const outcome = httpCall(ctx, 'order', req, sessionChecked + rng.float(0.1, 0.4), handleOrder);
  const status = outcome.failure ? 502 : okStatus;
  span.setAttribute('http.response.status_code', status);
  root.end(span, outcome.end + rng.float(0.1, 0.5), outcome.failure && { type: String(status), message: outcome.failure.message });
}

/** Order-side work common to both versions: price, de-duplicate, persist. Returns its end. */
export function placeOrder(ctx: Ctx, order: Order, start: number): number {
  let t = internal(ctx, 'price order', start, 55, { 'shop.order.line_items': order.skus.length });
  t = query(ctx, QUERIES.setIdempotencyKey, t + 0.1);
  t = query(ctx, QUERIES.selectCustomer, t + 0.2);
  t = query(ctx, QUERIES.insertOrder, t + 0.1);
  return query(ctx, QUERIES.insertOrderLines, t + 0.1);
}

/**
 * Share of charge attempts that time out at time `t`. The provider has a
 * recurring incident: 10 s of every 2 minutes degraded, with a 5 s full outage
 * inside; otherwise 6% time out. In a 300-trace dataset (75 s) about one first
 * attempt in six times out. Correlated failures are what make retries pile up
 * across layers until errors reach the user.
 */
function providerTimeoutRate(t: number): number {
  const second = (t % 120_000) / 1000;
  if (second >= 33 && second < 38) return 0.95;
  if (second >= 30 && second < 40) return 0.6;
  return 0.06;
}

const CHARGE_ATTEMPTS = 3;

/** Charges the card at the external provider, retrying timeouts with backoff. */
function chargeCard(ctx: Ctx, start: number): Outcome {
  let t = start;
  for (let attempt = 0; ; attempt++) {
    const timedOut = ctx.rng.chance(providerTimeoutRate(t));
    const result = timedOut
      ? { durationMs: ctx.rng.float(800, 1500) }
      : { durationMs: Math.max(40, ctx.rng.latency(140, 0.35)), status: 201 };
    const req = { method: 'POST', route: '/v1/charges', path: '/v1/charges', ...(attempt > 0 ? { resendCount: attempt } : {}) };
    t = externalCall(ctx, PAYMENT_GATEWAY, req, t, result);
    if (!timedOut) return { end: t };
    if (attempt === CHARGE_ATTEMPTS - 1) {
      return {
        end: t,
        status: 504,
        failure: { type: 'timeout', message: `payment provider timed out on all ${CHARGE_ATTEMPTS} attempts` },
      };
    }
    t += ctx.rng.float(50, 150) * 2 ** attempt;
  }
}

/** Records, screens and charges a payment. The outcome carries the charge failure, if any. */
export function processPayment(ctx: Ctx, start: number): Outcome {
  let t = query(ctx, QUERIES.insertPayment, start);
  t = internal(ctx, 'fraud check', t + 0.1, 30);
  const charge = chargeCard(ctx, t + 0.1);
  return { ...charge, end: query(ctx, QUERIES.updatePayment, charge.end + 0.1) };
}

/** Picks a warehouse and persists the shipment. Returns its end. */
export function createShipment(ctx: Ctx, start: number): number {
  let t = query(ctx, QUERIES.selectWarehouseStock, start);
  t = internal(ctx, 'allocate warehouse', t + 0.1, 8);
  return query(ctx, QUERIES.insertShipment, t + 0.1);
}

/** Renders and sends the confirmation e-mail; the notification service's whole job. */
export const notifyCustomer: Handler = (ctx, start) => {
  let t = query(ctx, QUERIES.selectTemplate, start);
  const send = { method: 'POST', route: '/v3/mail/send', path: '/v3/mail/send' };
  t = externalCall(ctx, EMAIL_PROVIDER, send, t + 0.2, { durationMs: ctx.rng.latency(70, 0.3), status: 202 });
  return { end: query(ctx, QUERIES.insertNotification, t + 0.1) };
};
