// The rate-limit headers of draft-ietf-httpapi-ratelimit-headers-11, as qbank sends them on every response:
//   RateLimit-Policy: "anonymous";q=60;w=60, "sign-up";q=10;w=3600   (section 3: the quotas)
//   RateLimit: "anonymous";r=57;t=1, "sign-up";r=9;t=360              (section 4: what is left)
// Both are Structured Field Lists (RFC 9651) of Items: a String (or Token) naming the policy, with Parameters.

/**
 * @typedef {{name: string, params: Record<string, number | string | boolean>}} SfItem
 * @typedef {{name: string, quota: number | null, window: number | null, remaining: number | null, reset: number | null}} PolicyState
 */

/**
 * Parses a Structured Field List of Items whose values are Strings or Tokens, keeping their Parameters
 * (Integers, Decimals, Strings, Tokens, Booleans). Inner Lists and Byte Sequences are not used by these headers;
 * a malformed field yields no items, as RFC 9651 asks (a parse failure ignores the whole field).
 * @param {string | null} field
 * @returns {SfItem[]}
 */
export function parseSfList(field) {
  if (!field) return [];
  const s = field;
  let i = 0;
  /** @type {SfItem[]} */
  const items = [];
  const ows = () => { while (s[i] === ' ' || s[i] === '\t') i++; };
  const sp = () => { while (s[i] === ' ') i++; };
  /** @returns {string} */
  const string = () => {
    let out = '';
    i++; // opening quote
    while (i < s.length) {
      const c = s[i++];
      if (c === '\\') {
        const next = s[i++];
        if (next !== '"' && next !== '\\') throw new SyntaxError('bad escape');
        out += next;
      } else if (c === '"') {
        return out;
      } else {
        out += c;
      }
    }
    throw new SyntaxError('unterminated string');
  };
  /** @returns {string} */
  const token = () => {
    const m = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(s.slice(i));
    if (!m) throw new SyntaxError('bad token');
    i += m[0].length;
    return m[0];
  };
  /** @returns {string} */
  const key = () => {
    const m = /^[a-z*][a-z0-9_\-.*]*/.exec(s.slice(i));
    if (!m) throw new SyntaxError('bad key');
    i += m[0].length;
    return m[0];
  };
  /** @returns {number | string | boolean} */
  const bareItem = () => {
    const c = s[i];
    if (c === '"') return string();
    if (c === '?') {
      const b = s[i + 1];
      i += 2;
      if (b === '1') return true;
      if (b === '0') return false;
      throw new SyntaxError('bad boolean');
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?[0-9]{1,15}(\.[0-9]{1,3})?/.exec(s.slice(i));
      if (!m) throw new SyntaxError('bad number');
      i += m[0].length;
      return Number(m[0]);
    }
    return token();
  };
  try {
    sp();
    while (i < s.length) {
      const name = bareItem();
      /** @type {Record<string, number | string | boolean>} */
      const params = {};
      while (s[i] === ';') {
        i++;
        sp();
        const k = key();
        let v = /** @type {number | string | boolean} */ (true);
        if (s[i] === '=') {
          i++;
          v = bareItem();
        }
        params[k] = v;
      }
      items.push({ name: String(name), params });
      ows();
      if (i >= s.length) break;
      if (s[i] !== ',') throw new SyntaxError('expected a comma');
      i++;
      ows();
      if (i >= s.length) throw new SyntaxError('trailing comma');
    }
  } catch {
    return [];
  }
  return items;
}

/**
 * Joins RateLimit-Policy (q, w) and RateLimit (r, t) by policy name.
 * @param {string | null} policyField
 * @param {string | null} limitField
 * @returns {PolicyState[]}
 */
export function rateLimitState(policyField, limitField) {
  /** @type {Map<string, PolicyState>} */
  const byName = new Map();
  /** @param {string} name */
  const entry = (name) => {
    let e = byName.get(name);
    if (!e) {
      e = { name, quota: null, window: null, remaining: null, reset: null };
      byName.set(name, e);
    }
    return e;
  };
  /** @param {unknown} v */
  const num = (v) => (typeof v === 'number' ? v : null);
  for (const { name, params } of parseSfList(policyField)) {
    const e = entry(name);
    e.quota = num(params.q);
    e.window = num(params.w);
  }
  for (const { name, params } of parseSfList(limitField)) {
    const e = entry(name);
    e.remaining = num(params.r);
    e.reset = num(params.t);
  }
  return [...byName.values()];
}

/**
 * The policy closest to running out (the smallest share of its quota left): the one worth showing.
 * @param {PolicyState[]} policies
 * @returns {PolicyState | null}
 */
export function tightest(policies) {
  /** @param {PolicyState} p */
  const share = (p) => (p.remaining ?? Infinity) / (p.quota || 1);
  return policies.reduce((/** @type {PolicyState | null} */ best, p) => (best === null || share(p) < share(best) ? p : best), null);
}

/**
 * Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date; in seconds from now, at least 1.
 * @param {string | null} value
 * @returns {number}
 */
export function retryAfterSeconds(value) {
  if (!value) return 1;
  if (/^\d+$/.test(value.trim())) return Math.max(1, Number(value.trim()));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1 : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
