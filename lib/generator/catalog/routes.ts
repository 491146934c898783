import type { Rng } from '../prng';
import {
  ACCESS_DENIED,
  BAD_BODY,
  BAD_RESPONSE,
  MISSING_TOKEN,
  THROTTLED,
  TIMEOUT,
  UNAUTHORIZED,
  backend,
  outcome,
  type Outcome,
} from './outcomes';

/**
 * The demo API: a pet store with user orders behind a Lambda proxy, plus a `/{proxy+}` catch-all
 * that static-asset requests and vulnerability scanners hit. Weights are shares of traffic; a few
 * routes carry most of it, as on real APIs.
 */
export interface RouteSpec {
  method: string;
  /** REST resource template; null when no resource matched (the request never reached a method). */
  resourcePath: string | null;
  weight: number;
  /** Concrete path after the stage, e.g. `/pets/42`; may be URL-encoded. */
  makePath: (rng: Rng) => string;
  /** Log-normal integration latency of a successful call. */
  latency: { median: number; sigma: number };
  /** Log-normal size of a successful body; 0 for bodiless answers. */
  bytes: { median: number; sigma: number } | 0;
  outcomes: readonly Outcome[];
}

const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
// Already URL-encoded, as a client sends them: `jürgen`, `zoë`, `张伟`, `o'brien smith`.
const ENCODED_NAMES = ['j%C3%BCrgen', 'zo%C3%AB', '%E5%BC%A0%E4%BC%9F', "o'brien%20smith"];
const PROXY_PATHS = [
  '/static/js/app.3f9a1c.js',
  '/static/css/main.8e21b0.css',
  '/assets/logo.svg',
  '/favicon.ico',
  '/robots.txt',
  '/docs/Getting%20Started.pdf',
  '/docs/api/v2/reference.html',
  '/.env',
  '/wp-login.php',
  '/.git/config',
  '/admin/config.php',
  '/search/red%20collar%2C%20large',
];

/** Log-uniform ids: small ids are hot, long tail up to `max`. */
function hotId(rng: Rng, max: number): number {
  return Math.floor(Math.exp(rng.next() * Math.log(max))) + 1;
}

function userId(rng: Rng): string {
  const r = rng.next();
  if (r < 0.7) return String(hotId(rng, 200_000));
  if (r < 0.85) return 'u_' + (rng.nextUint32() >>> 4).toString(16);
  if (r < 0.95) return rng.pick(USER_NAMES) + '%40example.com';
  return rng.pick(ENCODED_NAMES);
}

const petPath = (rng: Rng): string => `/pets/${hotId(rng, 5000)}`;
const ordersPath = (rng: Rng): string => `/users/${userId(rng)}/orders`;

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'GET',
    resourcePath: '/pets',
    weight: 18,
    makePath: () => '/pets',
    latency: { median: 38, sigma: 0.45 },
    bytes: { median: 2400, sigma: 0.5 },
    outcomes: [backend(200, 990), backend(500, 3), outcome(THROTTLED, 3), outcome(BAD_RESPONSE, 2)],
  },
  {
    method: 'GET',
    resourcePath: '/pets/{petId}',
    weight: 26,
    makePath: petPath,
    latency: { median: 22, sigma: 0.4 },
    bytes: { median: 420, sigma: 0.25 },
    outcomes: [
      backend(200, 950),
      backend(304, 8),
      backend(404, 36),
      backend(500, 2),
      outcome(THROTTLED, 2),
    ],
  },
  {
    method: 'POST',
    resourcePath: '/pets',
    weight: 4,
    makePath: () => '/pets',
    latency: { median: 85, sigma: 0.5 },
    bytes: { median: 450, sigma: 0.2 },
    outcomes: [
      backend(201, 925),
      outcome(BAD_BODY, 40),
      backend(409, 12),
      outcome(UNAUTHORIZED, 10),
      backend(500, 8),
      outcome(BAD_RESPONSE, 5),
    ],
  },
  {
    method: 'DELETE',
    resourcePath: '/pets/{petId}',
    weight: 1,
    makePath: petPath,
    latency: { median: 60, sigma: 0.4 },
    bytes: 0,
    outcomes: [backend(204, 900), backend(404, 50), outcome(ACCESS_DENIED, 40), backend(500, 10)],
  },
  {
    method: 'GET',
    resourcePath: '/users/{id}/orders',
    weight: 14,
    makePath: ordersPath,
    latency: { median: 140, sigma: 0.7 },
    bytes: { median: 3800, sigma: 0.8 },
    outcomes: [
      backend(200, 930),
      outcome(UNAUTHORIZED, 30),
      backend(404, 20),
      backend(500, 12),
      outcome(TIMEOUT, 3),
      outcome(THROTTLED, 5),
    ],
  },
  {
    method: 'POST',
    resourcePath: '/users/{id}/orders',
    weight: 5,
    makePath: ordersPath,
    latency: { median: 260, sigma: 0.6 },
    bytes: { median: 610, sigma: 0.3 },
    outcomes: [
      backend(201, 920),
      backend(422, 30),
      outcome(UNAUTHORIZED, 20),
      outcome(BAD_RESPONSE, 15),
      backend(503, 6),
      outcome(TIMEOUT, 4),
      outcome(THROTTLED, 5),
    ],
  },
  {
    method: 'GET',
    resourcePath: '/users/{id}',
    weight: 6,
    makePath: (rng) => `/users/${userId(rng)}`,
    latency: { median: 45, sigma: 0.5 },
    bytes: { median: 700, sigma: 0.3 },
    outcomes: [backend(200, 940), backend(404, 30), outcome(UNAUTHORIZED, 25), backend(500, 5)],
  },
  {
    method: 'POST',
    resourcePath: '/auth/token',
    weight: 5,
    makePath: () => '/auth/token',
    latency: { median: 180, sigma: 0.35 },
    bytes: { median: 1100, sigma: 0.1 },
    outcomes: [backend(200, 850), backend(401, 120), outcome(THROTTLED, 20), backend(500, 10)],
  },
  {
    // CORS preflight answered by a mock integration.
    method: 'OPTIONS',
    resourcePath: '/pets',
    weight: 3,
    makePath: () => '/pets',
    latency: { median: 1, sigma: 0.3 },
    bytes: 0,
    outcomes: [backend(200, 1)],
  },
  {
    method: 'GET',
    resourcePath: '/health',
    weight: 7,
    makePath: () => '/health',
    latency: { median: 4, sigma: 0.3 },
    bytes: { median: 15, sigma: 0 },
    outcomes: [backend(200, 999), backend(503, 1)],
  },
  {
    method: 'GET',
    resourcePath: '/{proxy+}',
    weight: 7,
    makePath: (rng) => rng.pick(PROXY_PATHS),
    latency: { median: 15, sigma: 0.6 },
    bytes: { median: 9000, sigma: 1.2 },
    outcomes: [backend(200, 600), backend(304, 60), backend(404, 330), backend(500, 10)],
  },
  {
    method: 'POST',
    resourcePath: '/{proxy+}',
    weight: 0.6,
    makePath: (rng) => rng.pick(PROXY_PATHS),
    latency: { median: 12, sigma: 0.5 },
    bytes: { median: 80, sigma: 0.2 },
    outcomes: [backend(404, 700), backend(405, 300)],
  },
  {
    // A method the resource does not define: API Gateway's famous misleading 403.
    method: 'PUT',
    resourcePath: null,
    weight: 1.2,
    makePath: (rng) => (rng.chance(0.5) ? '/pets' : petPath(rng)),
    latency: { median: 0, sigma: 0 },
    bytes: 0,
    outcomes: [outcome(MISSING_TOKEN, 1)],
  },
];
