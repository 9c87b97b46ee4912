// A small fetch wrapper for the qbank API, typed by ./openapi.d.ts (generated from openapi/openapi.yaml by
// openapi-typescript; tools/webapp/check-types regenerates it and fails on drift, then type-checks this app with tsc).
// It does what every client of this API should: revalidate with If-None-Match, read the RateLimit headers, wait out a
// 429 for Retry-After, retry a POST with the same Idempotency-Key, and tell the page when it is offline or its key is
// refused. It only uses the public API: it works the same from any origin (the API answers CORS for any).

import { rateLimitState, retryAfterSeconds } from './ratelimit.js';

/** @typedef {import('./openapi').paths} Paths */
/** @typedef {import('./openapi').components['schemas']} Schemas */
/** @typedef {import('./ratelimit.js').PolicyState} PolicyState */

/** @typedef {{[P in keyof Paths]: Paths[P] extends {get: object} ? P : never}[keyof Paths]} GetPath */
/** @typedef {{[P in keyof Paths]: Paths[P] extends {post: object} ? P : never}[keyof Paths]} PostPath */
/**
 * @template {keyof Paths} P
 * @typedef {Paths[P] extends {get: infer O} ? O : never} GetOp
 */
/**
 * @template {keyof Paths} P
 * @typedef {Paths[P] extends {post: infer O} ? O : never} PostOp
 */
/**
 * The query parameters an operation takes.
 * @template O
 * @typedef {O extends {parameters: {query?: infer Q}} ? NonNullable<Q> : never} QueryOf
 */
/**
 * The path parameters an operation takes ({} when none).
 * @template O
 * @typedef {O extends {parameters: {path: infer Q}} ? Q : {}} PathParamsOf
 */
/**
 * The JSON body of an operation's success (200 or 201).
 * @template O
 * @typedef {O extends {responses: {200: {content: {'application/json': infer B}}}} ? B
 *   : O extends {responses: {201: {content: {'application/json': infer B}}}} ? B : never} OkBody
 */
/**
 * The JSON request body an operation takes (undefined when it takes none).
 * @template O
 * @typedef {O extends {requestBody?: {content: {'application/json': infer B}}} ? B : undefined} RequestBodyOf
 */
/**
 * @template T
 * @typedef {{data: T, status: number, notModified: boolean, replayed: boolean, headers: Headers, url: string}} ApiResult
 */

/** A problem+json (RFC 9457) answer, or a response that could not be read as one. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Partial<Schemas['Problem']>} problem
   */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** The problem type's last segment, e.g. "quiz-pool-exhausted" or "quota-exceeded". */
  get type() {
    return String(this.problem.type || '').replace(/^.*[/#]/, '');
  }
}

/** The API could not be reached at all (offline, server down, or a refused CORS request). */
export class NetworkError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A new Idempotency-Key, as a Structured Field String. crypto.randomUUID needs a secure context (https or
 * localhost); elsewhere a version 4 UUID is made from crypto.getRandomValues, which works everywhere.
 * @returns {string}
 */
export function newIdempotencyKey() {
  let uuid;
  if (typeof crypto.randomUUID === 'function') {
    uuid = crypto.randomUUID();
  } else {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return `"${uuid}"`;
}

/**
 * The links of a Link header (RFC 8288) by relation, e.g. {next: "http://...", first: "http://..."}.
 * @param {string | null} header
 * @returns {Record<string, string>}
 */
export function parseLinkHeader(header) {
  /** @type {Record<string, string>} */
  const links = {};
  for (const m of (header || '').matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) {
    links[m[2]] = m[1];
  }
  return links;
}

/**
 * Entity tags and bodies by URL, so that a GET can be revalidated with If-None-Match. Kept in sessionStorage (this
 * tab only, gone when it closes) under the key's public prefix, so two keys never share an entry.
 */
class EntityCache {
  /** @param {string} namespace */
  constructor(namespace) {
    this.prefix = `qbank.etag.${namespace}:`;
    /** @type {Map<string, {etag: string, body: unknown}>} */
    this.memory = new Map();
  }

  /** @param {string} url */
  get(url) {
    const hit = this.memory.get(url);
    if (hit) return hit;
    try {
      const stored = sessionStorage.getItem(this.prefix + url);
      return stored ? /** @type {{etag: string, body: unknown}} */ (JSON.parse(stored)) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * @param {string} url
   * @param {{etag: string, body: unknown}} entry
   */
  set(url, entry) {
    this.memory.set(url, entry);
    try {
      sessionStorage.setItem(this.prefix + url, JSON.stringify(entry));
    } catch {
      // Storage full or disabled: memory still serves this page's revalidations.
    }
  }

  /** @param {string} url */
  delete(url) {
    this.memory.delete(url);
    try {
      sessionStorage.removeItem(this.prefix + url);
    } catch {
      // nothing kept
    }
  }
}

/**
 * Events (on `client.events`):
 *  - `ratelimit`: detail {policies: PolicyState[]}, after every response that carries the headers;
 *  - `wait`: detail {seconds, reason: 'rate-limit' | 'offline' | 'busy'}, each second of a wait before a retry
 *    (seconds 0: retrying now);
 *  - `offline` / `online`: the network went away or came back;
 *  - `unauthorized`: detail {problem}, the key was missing, invalid or revoked (401);
 *  - `response`: detail {method, url, status, notModified}, after each exchange.
 */
export class ApiClient {
  /**
   * @param {{base: string, key?: string | null, maxRetries?: number, timeoutMs?: number}} options
   */
  constructor({ base, key = null, maxRetries = 4, timeoutMs = 20000 }) {
    this.base = base.replace(/\/+$/, '');
    this.key = key;
    this.maxRetries = maxRetries;
    this.timeoutMs = timeoutMs;
    this.events = new EventTarget();
    this.cache = new EntityCache(key ? key.slice(0, 11) : 'anonymous');
    /** @type {PolicyState[]} */
    this.rateLimit = [];
  }

  /**
   * @param {string} type
   * @param {unknown} [detail]
   */
  emit(type, detail) {
    this.events.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * An absolute URL for an API path with its path and query parameters filled in.
   * @param {string} path
   * @param {Record<string, string | number | boolean | null | undefined>} [params]
   * @param {Record<string, string | number | boolean | null | undefined>} [query]
   */
  url(path, params = {}, query = {}) {
    const filled = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(params[name])));
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
    }
    const qs = search.toString();
    return `${this.base}${filled}${qs ? `?${qs}` : ''}`;
  }

  /**
   * GET an API path; revalidates what it fetched before (a 304 returns the kept body with notModified).
   * @template {GetPath} P
   * @param {P} path
   * @param {{query?: QueryOf<GetOp<P>>, params?: PathParamsOf<GetOp<P>>}} [options]
   * @returns {Promise<ApiResult<OkBody<GetOp<P>>>>}
   */
  async get(path, options = {}) {
    const url = this.url(path, /** @type {Record<string, string>} */ (options.params || {}), options.query || {});
    return this.getUrl(url);
  }

  /**
   * GET an absolute URL of this API (e.g. from a Link header).
   * @param {string} url
   * @returns {Promise<ApiResult<any>>}
   */
  async getUrl(url) {
    for (let conditional = true; ; conditional = false) {
      const kept = conditional ? this.cache.get(url) : undefined;
      /** @type {Record<string, string>} */
      const headers = { Accept: 'application/json' };
      if (kept) headers['If-None-Match'] = kept.etag;
      const response = await this.send('GET', url, headers);
      if (response.status === 304 && kept) {
        return { data: /** @type {any} */ (kept.body), status: 304, notModified: true, replayed: false, headers: response.headers, url };
      }
      if (response.status === 412 && conditional) {
        // Precondition Failed on a GET: what we kept no longer applies. Forget it and ask unconditionally once.
        this.cache.delete(url);
        continue;
      }
      const body = await this.readBody(response);
      const etag = response.headers.get('ETag');
      if (etag) this.cache.set(url, { etag, body });
      return { data: body, status: response.status, notModified: false, replayed: false, headers: response.headers, url };
    }
  }

  /**
   * POST to an API path. Every POST carries an Idempotency-Key; retries (after a 429, a 409
   * idempotency-key-in-use, or a network failure) send the same key, so the server does the work at most once.
   * Pass the same key again to retry a POST the user repeats after an error.
   * @template {PostPath} P
   * @param {P} path
   * @param {RequestBodyOf<PostOp<P>>} body
   * @param {{idempotencyKey?: string, params?: PathParamsOf<PostOp<P>>}} [options]
   * @returns {Promise<ApiResult<OkBody<PostOp<P>>>>}
   */
  async post(path, body, options = {}) {
    const url = this.url(path, /** @type {Record<string, string>} */ (options.params || {}));
    const idempotencyKey = options.idempotencyKey || newIdempotencyKey();
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', 'Idempotency-Key': idempotencyKey };
    let payload;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    for (let inUse = 0; ; inUse++) {
      const response = await this.send('POST', url, headers, payload);
      if (response.status === 409 && inUse < this.maxRetries) {
        const problem = await response.clone().json().catch(() => ({}));
        if (String(problem.type || '').endsWith('/idempotency-key-in-use')) {
          // The first try of this very request is still running: wait for it, then get its stored answer.
          await this.countdown(1, 'busy');
          continue;
        }
      }
      const data = await this.readBody(response);
      return {
        data,
        status: response.status,
        notModified: false,
        replayed: response.headers.get('Idempotent-Replayed') === 'true',
        headers: response.headers,
        url,
      };
    }
  }

  /**
   * One exchange, retried while the API says to wait (429 + Retry-After) or cannot be reached.
   * @param {string} method
   * @param {string} url
   * @param {Record<string, string>} headers
   * @param {string} [body]
   * @returns {Promise<Response>}
   */
  async send(method, url, headers, body) {
    const all = { ...headers };
    if (this.key) all.Authorization = `Bearer ${this.key}`;
    for (let tries = 0; ; tries++) {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        this.emit('offline');
        await this.untilOnline();
      }
      /** @type {Response} */
      let response;
      try {
        response = await fetch(url, {
          method,
          headers: all,
          body,
          mode: 'cors',
          credentials: 'omit',
          // Revalidation is ours (If-None-Match above): the browser's HTTP cache would hide 304s from us.
          cache: 'no-store',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        if (tries >= this.maxRetries) {
          throw new NetworkError(`The API at ${this.base || location.origin} cannot be reached (${String(error)}).`);
        }
        this.emit('offline');
        await this.countdown(Math.min(2 ** tries, 8), 'offline');
        continue;
      }
      if (tries > 0) this.emit('online');
      const policies = rateLimitState(response.headers.get('RateLimit-Policy'), response.headers.get('RateLimit'));
      if (policies.length) {
        this.rateLimit = policies;
        this.emit('ratelimit', { policies });
      }
      this.emit('response', { method, url, status: response.status, notModified: response.status === 304 });
      if (response.status === 429 && tries < this.maxRetries) {
        await this.countdown(retryAfterSeconds(response.headers.get('Retry-After')), 'rate-limit');
        continue;
      }
      return response;
    }
  }

  /**
   * Waits, announcing each second, then announces the retry (seconds 0).
   * @param {number} seconds
   * @param {'rate-limit' | 'offline' | 'busy'} reason
   */
  async countdown(seconds, reason) {
    for (let left = seconds; left > 0; left--) {
      this.emit('wait', { seconds: left, reason });
      await sleep(1000);
    }
    this.emit('wait', { seconds: 0, reason });
  }

  /** Resolves when the browser says it is online again. */
  untilOnline() {
    return new Promise((resolve) => {
      window.addEventListener(
        'online',
        () => {
          this.emit('online');
          resolve(undefined);
        },
        { once: true },
      );
    });
  }

  /**
   * The JSON of a successful response, or an ApiError for a problem.
   * @param {Response} response
   * @returns {Promise<any>}
   */
  async readBody(response) {
    const text = await response.text();
    /** @type {any} */
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        // Not the API's JSON: most likely the base URL points at something else (e.g. the static host itself).
        json = {
          title: `HTTP ${response.status}`,
          detail: `The answer from ${response.url} is not the API's JSON: check the API base URL on the Account page.`,
        };
      }
    }
    if (response.ok) return json;
    const problem = json && typeof json === 'object' ? json : {};
    if (response.status === 401) this.emit('unauthorized', { problem });
    throw new ApiError(response.status, problem);
  }
}
