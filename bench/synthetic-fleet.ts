/**
 * The services of the synthetic benchmark data: a web shop of 16 services
 * on Kubernetes, each with its own OTLP resource. Who calls whom is a DAG so
 * that trace trees always end.
 */
import { Random } from './seeded-random.js';

export interface OtlpValue {
  stringValue?: string;
  intValue?: string;
  boolValue?: boolean;
  doubleValue?: number;
}
export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

export const str = (key: string, v: string): OtlpAttribute => ({ key, value: { stringValue: v } });
/** protojson writes int64 as a decimal string. */
export const int = (key: string, v: number): OtlpAttribute => ({ key, value: { intValue: String(v) } });
export const bool = (key: string, v: boolean): OtlpAttribute => ({ key, value: { boolValue: v } });
export const dbl = (key: string, v: number): OtlpAttribute => ({ key, value: { doubleValue: v } });

export interface Database {
  system: 'postgresql' | 'mysql' | 'redis' | 'mongodb';
  namespace: string;
  host: string;
  port: number;
  /** [operation, collection/table, query text] */
  queries: readonly (readonly [string, string, string])[];
}

export interface Service {
  name: string;
  language: string;
  version: string;
  /** Inbound operations: HTTP "METHOD /route" or gRPC method names of `rpcService`. */
  http?: readonly string[];
  rpcService?: string;
  rpcMethods?: readonly string[];
  calls: readonly string[];
  db?: Database;
  produces?: string;
  consumes?: string;
  /** Filled in by `fleet()`. */
  index: number;
  host: string;
  port: number;
  resource: { attributes: OtlpAttribute[] };
}

const pg = (namespace: string, table: string, columns: string): Database => ({
  system: 'postgresql',
  namespace,
  host: `${namespace}-db.data.svc.cluster.local`,
  port: 5432,
  queries: [
    ['SELECT', table, `SELECT ${columns} FROM ${table} WHERE id = $1`],
    ['SELECT', table, `SELECT ${columns} FROM ${table} WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2`],
    ['INSERT', table, `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3)`],
    ['UPDATE', table, `UPDATE ${table} SET updated_at = now() WHERE id = $1`],
  ],
});

type ServiceSpec = Omit<Service, 'index' | 'host' | 'port' | 'resource'>;

const SPECS: ServiceSpec[] = [
  {
    name: 'frontend',
    language: 'nodejs',
    version: '2.4.1',
    http: [
      'GET /',
      'GET /api/products',
      'GET /api/products/{productId}',
      'GET /api/cart',
      'POST /api/cart',
      'POST /api/checkout',
      'GET /api/recommendations',
    ],
    calls: ['product-catalog', 'cart', 'checkout', 'recommendation', 'ad', 'currency', 'user'],
  },
  {
    name: 'mobile-bff',
    language: 'go',
    version: '1.19.0',
    http: ['GET /v1/home', 'GET /v1/products/{id}', 'GET /v1/profile', 'POST /v1/orders'],
    calls: ['product-catalog', 'user', 'cart', 'checkout', 'recommendation'],
  },
  {
    name: 'cart',
    language: 'dotnet',
    version: '3.0.2',
    rpcService: 'oteldemo.CartService',
    rpcMethods: ['AddItem', 'GetCart', 'EmptyCart'],
    calls: [],
    db: {
      system: 'redis',
      namespace: '0',
      host: 'cart-cache.data.svc.cluster.local',
      port: 6379,
      queries: [
        ['HGET', 'cart', 'HGET cart:? items'],
        ['HSET', 'cart', 'HSET cart:? items ?'],
        ['EXPIRE', 'cart', 'EXPIRE cart:? 3600'],
      ],
    },
  },
  {
    name: 'product-catalog',
    language: 'go',
    version: '1.8.3',
    rpcService: 'oteldemo.ProductCatalogService',
    rpcMethods: ['ListProducts', 'GetProduct', 'SearchProducts'],
    calls: ['inventory'],
    db: pg('catalog', 'products', 'id, name, description, price_units, price_nanos, categories'),
  },
  {
    name: 'inventory',
    language: 'java',
    version: '5.1.0',
    rpcService: 'oteldemo.InventoryService',
    rpcMethods: ['CheckStock', 'Reserve'],
    calls: [],
    db: {
      system: 'mysql',
      namespace: 'inventory',
      host: 'inventory-db.data.svc.cluster.local',
      port: 3306,
      queries: [
        ['SELECT', 'stock', 'SELECT quantity FROM stock WHERE sku = ? AND warehouse_id = ?'],
        ['UPDATE', 'stock', 'UPDATE stock SET quantity = quantity - ? WHERE sku = ? AND quantity >= ?'],
      ],
    },
  },
  {
    name: 'checkout',
    language: 'go',
    version: '1.12.0',
    rpcService: 'oteldemo.CheckoutService',
    rpcMethods: ['PlaceOrder'],
    calls: ['cart', 'payment', 'shipping', 'currency', 'user', 'email'],
    produces: 'orders',
  },
  {
    name: 'payment',
    language: 'nodejs',
    version: '0.9.7',
    rpcService: 'oteldemo.PaymentService',
    rpcMethods: ['Charge'],
    calls: [],
    db: pg('payments', 'charges', 'id, order_id, amount_units, currency_code, card_last4'),
  },
  { name: 'shipping', language: 'rust', version: '0.4.2', http: ['POST /get-quote', 'POST /ship-order'], calls: ['quote'] },
  { name: 'quote', language: 'php', version: '1.1.0', http: ['POST /getquote'], calls: [] },
  {
    name: 'currency',
    language: 'cpp',
    version: '1.3.0',
    rpcService: 'oteldemo.CurrencyService',
    rpcMethods: ['Convert', 'GetSupportedCurrencies'],
    calls: [],
  },
  {
    name: 'recommendation',
    language: 'python',
    version: '2.0.5',
    rpcService: 'oteldemo.RecommendationService',
    rpcMethods: ['ListRecommendations'],
    calls: ['product-catalog'],
    db: {
      system: 'redis',
      namespace: '1',
      host: 'reco-cache.data.svc.cluster.local',
      port: 6379,
      queries: [['GET', 'recommendations', 'GET reco:?']],
    },
  },
  { name: 'ad', language: 'java', version: '4.2.0', rpcService: 'oteldemo.AdService', rpcMethods: ['GetAds'], calls: [] },
  {
    name: 'user',
    language: 'java',
    version: '7.0.1',
    http: ['GET /users/{id}', 'POST /users/{id}/sessions'],
    calls: [],
    db: pg('users', 'accounts', 'id, email, display_name, tier, created_at'),
  },
  { name: 'email', language: 'ruby', version: '1.5.0', http: ['POST /send_order_confirmation'], calls: [] },
  {
    name: 'accounting',
    language: 'dotnet',
    version: '2.2.0',
    calls: [],
    consumes: 'orders',
    db: pg('ledger', 'entries', 'id, order_id, account, amount_units, booked_at'),
  },
  {
    name: 'fraud-detection',
    language: 'kotlin',
    version: '1.0.4',
    calls: [],
    consumes: 'orders',
    db: {
      system: 'mongodb',
      namespace: 'fraud',
      host: 'fraud-mongo.data.svc.cluster.local',
      port: 27017,
      queries: [
        ['find', 'signals', '{"find":"signals","filter":{"customer_id":"?"}}'],
        ['insert', 'verdicts', '{"insert":"verdicts","documents":"?"}'],
      ],
    },
  },
];

export interface Fleet {
  services: Service[];
  byName: Map<string, Service>;
  /** Services that start traces, with their weights. */
  entries: readonly Service[];
  consumersOf(topic: string): Service[];
}

function uuid(random: Random): string {
  const h = random.hex(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

export function fleet(seed: number): Fleet {
  const random = new Random(seed);
  const services = SPECS.map((spec, index): Service => {
    const replicaSet = random.hex(4).slice(0, 8);
    const pod = `${spec.name}-${replicaSet}-${random.hex(4).slice(0, 5)}`;
    const host = `${spec.name}.shop.svc.cluster.local`;
    const port = spec.http ? 8080 : 50051;
    const attributes = [
      str('service.name', spec.name),
      str('service.version', spec.version),
      str('service.namespace', 'shop'),
      str('service.instance.id', uuid(random)),
      str('deployment.environment.name', 'production'),
      str('telemetry.sdk.name', 'opentelemetry'),
      str('telemetry.sdk.language', spec.language),
      str('telemetry.sdk.version', '1.30.0'),
      str('k8s.cluster.name', 'prod-eu-west-1'),
      str('k8s.namespace.name', 'shop'),
      str('k8s.deployment.name', spec.name),
      str('k8s.pod.name', pod),
      str('k8s.pod.uid', uuid(random)),
      str('k8s.node.name', `ip-10-0-${random.int(0, 15)}-${random.int(2, 254)}.eu-west-1.compute.internal`),
      str('host.name', pod),
    ];
    return { ...spec, index, host, port, resource: { attributes } };
  });
  const byName = new Map(services.map((s) => [s.name, s]));
  const get = (name: string) => byName.get(name)!;
  return {
    services,
    byName,
    // The web frontend takes most traffic; the mobile backend-for-frontend the rest.
    entries: [get('frontend'), get('frontend'), get('frontend'), get('frontend'), get('mobile-bff')],
    consumersOf: (topic) => services.filter((s) => s.consumes === topic),
  };
}
