// The qbank study app: review the due queue as flash cards, browse and search the bank, draw quizzes, watch progress.
// Plain ES modules, no build step (docs/study-app.md says why). Only the public API is used, through ./api/client.js.

import { ApiClient, ApiError, NetworkError, newIdempotencyKey } from './api/client.js';
import { tightest } from './api/ratelimit.js';
import { RATINGS, attemptsOverTime, legend, ratingsByCategory } from './chart.js';

/** @typedef {import('./api/client.js').Schemas} Schemas */
/** @typedef {import('./chart.js').Rating} Rating */
/** @template T @typedef {import('./api/client.js').ApiResult<T>} ApiResult */

const KEY_STORE = 'qbank.key';
const BASE_STORE = 'qbank.apiBase';
const QUIZ_STORE = 'qbank.quiz';

/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement}
 */
function $(selector, root = document) {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return /** @type {HTMLElement} */ (found);
}

/** @param {string} name */
function stored(name) {
  try {
    return localStorage.getItem(name);
  } catch {
    return null;
  }
}

/**
 * @param {string} name
 * @param {string | null} value
 */
function store(name, value) {
  try {
    if (value === null) localStorage.removeItem(name);
    else localStorage.setItem(name, value);
  } catch {
    // Storage disabled: the app still works for this page's lifetime.
  }
}

/** The API base: what the learner chose, else this page's meta tag, else this page's own origin. */
function apiBase() {
  const chosen = stored(BASE_STORE);
  if (chosen) return chosen;
  const meta = document.querySelector('meta[name="qbank-api-base"]');
  const configured = meta ? meta.getAttribute('content') : '';
  return configured || location.origin;
}

const state = {
  client: new ApiClient({ base: apiBase(), key: stored(KEY_STORE) }),
  /** @type {string} */
  notice: '',
  /** @type {string | null} */
  newKey: null,
  /** Bumped on every navigation, so a slow answer for a view the learner left is dropped. */
  generation: 0,
};

// ---------------------------------------------------------------------------------------------------- status line

let announcedAt = 0;

/**
 * Says something in the polite live region (read out by screen readers and, unless `quiet`, shown to everyone).
 * @param {string} message
 * @param {boolean} [error]
 * @param {boolean} [quiet] for screen readers only, when a banner already shows the same thing
 */
function announce(message, error = false, quiet = false) {
  announcedAt = Date.now();
  const status = $('#status');
  status.textContent = message;
  status.classList.toggle('error', error);
  status.classList.toggle('visually-hidden', quiet);
}

/** @param {unknown} error */
function explain(error) {
  if (error instanceof ApiError) {
    if (error.status === 412) return 'That changed on the server since it was read; it has been read again, try once more.';
    const id = error.problem.request_id ? ` (request ${error.problem.request_id})` : '';
    return `${error.problem.title || `HTTP ${error.status}`}: ${error.message}${id}`;
  }
  if (error instanceof NetworkError) return `${error.message} Check the connection and the API base URL on the Account page.`;
  return String(error);
}

/** @param {unknown} error */
function fail(error) {
  if (error instanceof ApiError && error.status === 401) return; // the unauthorized handler took over
  announce(explain(error), true);
}

/**
 * Shows whether a view's data came fresh (200) or was revalidated (304 Not Modified, free under the rate limit).
 * @param {HTMLElement} view
 * @param {ApiResult<unknown>[]} results
 */
function showFreshness(view, results) {
  const fresh = view.querySelector('[data-fresh]');
  if (!fresh) return;
  const cached = results.filter((r) => r.notModified).length;
  fresh.classList.toggle('cached', cached > 0 && cached === results.length);
  fresh.textContent =
    cached === 0
      ? 'Fresh from the server (200)'
      : cached === results.length
        ? 'Not modified since last time (304): revalidated with If-None-Match, no request spent'
        : `${cached} of ${results.length} answers were 304 Not Modified (revalidated, free)`;
}

function wireClient() {
  const { client } = state;
  client.events.addEventListener('ratelimit', () => renderBudget());
  client.events.addEventListener('wait', (event) => {
    const { seconds, reason } = /** @type {CustomEvent<{seconds: number, reason: string}>} */ (event).detail;
    const wait = $('#wait');
    const text = $('#wait-text');
    if (seconds > 0) {
      const why =
        reason === 'rate-limit'
          ? 'Rate limit reached (429).'
          : reason === 'offline'
            ? 'The API did not answer.'
            : 'The same request is still running on the server.';
      text.textContent = `${why} Retrying in ${seconds} s…`;
      if (wait.hidden) {
        wait.hidden = false;
        announce(`${why} Waiting ${seconds} seconds, then retrying.`, false, true);
      }
    } else {
      wait.hidden = true;
      announce('Retrying now.');
    }
  });
  client.events.addEventListener('offline', () => {
    $('#offline').hidden = false;
  });
  client.events.addEventListener('online', () => {
    $('#offline').hidden = true;
  });
  client.events.addEventListener('unauthorized', () => {
    if (!client.key) return;
    // The key was revoked or is not valid: forget it and ask for another.
    forgetKey('The API refused your key (401): it was revoked or is not valid. Paste another key or sign up again.');
  });
}

function renderBudget() {
  const policy = tightest(state.client.rateLimit);
  const text = $('#budget-text');
  const meter = /** @type {HTMLMeterElement} */ ($('#budget-meter'));
  if (!policy || policy.remaining === null) return;
  const quota = policy.quota ?? policy.remaining;
  text.textContent = `${policy.remaining} of ${quota} requests left (${policy.name}${policy.reset ? `, next in ${policy.reset} s` : ''})`;
  meter.max = Math.max(1, quota);
  meter.value = policy.remaining;
  meter.low = quota * 0.25;
  meter.high = quota * 0.5;
  meter.optimum = quota;
}

/**
 * @param {string | null} key
 * @param {string} [base]
 */
function useClient(key, base = apiBase()) {
  state.client = new ApiClient({ base, key });
  wireClient();
  $('#api-base').textContent = state.client.base;
  const openapi = $('[data-openapi]');
  openapi.setAttribute('href', `${state.client.base}/q/openapi`);
}

/** @param {string} notice */
function forgetKey(notice) {
  store(KEY_STORE, null);
  state.notice = notice;
  state.newKey = null;
  useClient(null);
  if (location.hash === '#/account') render();
  else location.hash = '#/account';
}

// ---------------------------------------------------------------------------------------------------- views

/**
 * @param {string} name
 * @returns {HTMLElement}
 */
function mount(name) {
  const template = /** @type {HTMLTemplateElement} */ ($(`#view-${name}`));
  const main = $('#main');
  const view = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
  main.replaceChildren(view);
  return view;
}

/** @returns {boolean} whether a key is set (otherwise the learner is sent to the account page) */
function needKey() {
  if (state.client.key) return true;
  state.notice = 'This needs an API key: sign up or paste one.';
  location.hash = '#/account';
  return false;
}

/**
 * Fills a category <select> from GET /v1/categories.
 * @param {HTMLSelectElement} select
 * @param {string} [selected]
 */
async function fillCategories(select, selected = '') {
  const result = await state.client.get('/v1/categories', { query: { limit: 100 } });
  for (const c of result.data.data) {
    const option = document.createElement('option');
    option.value = c.slug ?? '';
    option.textContent = `${c.name} (${c.question_count})`;
    select.append(option);
  }
  select.value = selected;
  return result;
}

/** @param {number} generation */
const stale = (generation) => generation !== state.generation;

// --- Account: the API server, sign-up, a pasted key ------------------------------------------------------------

async function renderAccount() {
  const view = mount('account');
  const notice = $('[data-notice]', view);
  notice.textContent = state.notice;
  notice.hidden = !state.notice;
  state.notice = '';
  const baseInput = /** @type {HTMLInputElement} */ ($('#api-base-input', view));
  baseInput.value = stored(BASE_STORE) || '';
  baseInput.placeholder = apiBase();
  const signedIn = Boolean(state.client.key);
  $('[data-signed-in]', view).hidden = !signedIn;
  $('[data-signed-out]', view).hidden = signedIn;

  $('[data-server]', view).addEventListener('submit', (event) => {
    event.preventDefault();
    const value = baseInput.value.trim().replace(/\/+$/, '');
    if (value && !/^https?:\/\/[^/]+/.test(value)) {
      announce('The API base URL must start with http:// or https://.', true);
      baseInput.focus();
      return;
    }
    store(BASE_STORE, value || null);
    useClient(state.client.key);
    announce(`Using the API at ${state.client.base}.`);
  });

  $('[data-signup]', view).addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    const name = String(new FormData(form).get('name') || '').trim();
    if (!name) {
      announce('Type a name to sign up.', true);
      $('#signup-name', view).focus();
      return;
    }
    const button = /** @type {HTMLButtonElement} */ ($('button', form));
    button.disabled = true;
    // One key per sign-up the learner asked for: a retry after a failure replays it instead of making a second user.
    const idempotencyKey = form.dataset.idempotencyKey || newIdempotencyKey();
    form.dataset.idempotencyKey = idempotencyKey;
    try {
      const result = await state.client.post('/v1/users', { name }, { idempotencyKey });
      const secret = result.data.api_key?.secret;
      if (!secret) throw new Error('The sign-up answer held no key.');
      store(KEY_STORE, secret);
      state.newKey = secret;
      useClient(secret);
      announce(`Welcome, ${result.data.user?.name}. Your key is kept in this browser.`);
      // Stay on the account page, which shows the new key this once.
      if (location.hash === '#/account') render();
      else location.hash = '#/account';
    } catch (error) {
      fail(error);
    } finally {
      button.disabled = false;
    }
  });

  $('[data-paste]', view).addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('#paste-key', view));
    const key = input.value.trim();
    if (!key) {
      announce('Paste a key first.', true);
      input.focus();
      return;
    }
    const candidate = new ApiClient({ base: apiBase(), key });
    try {
      const me = await candidate.get('/v1/users/me');
      store(KEY_STORE, key);
      useClient(key);
      announce(`Signed in as ${me.data.name}.`);
      location.hash = '#/review';
    } catch (error) {
      announce(
        error instanceof ApiError && error.status === 401 ? 'That key was refused (401): check it and try again.' : explain(error),
        true,
      );
      input.focus();
    }
  });

  $('[data-forget]', view).addEventListener('click', () => forgetKey('The key was removed from this browser.'));

  if (signedIn) {
    $('[data-key-prefix]', view).textContent = (state.client.key || '').slice(0, 11);
    if (state.newKey) {
      $('[data-new-key-secret]', view).textContent = state.newKey;
      $('[data-new-key]', view).hidden = false;
      state.newKey = null;
    }
    try {
      const me = await state.client.get('/v1/users/me');
      $('[data-user-name]', view).textContent = me.data.name ?? '';
    } catch (error) {
      fail(error);
    }
  }
}

// --- Review: the due queue as flash cards ---------------------------------------------------------------------

/** @param {string | null | undefined} iso */
function when(iso) {
  if (!iso) return 'new';
  const at = new Date(iso);
  const days = Math.round((at.getTime() - Date.now()) / 86400000);
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const hours = Math.round((at.getTime() - Date.now()) / 3600000);
  const rel = Math.abs(hours) < 24 ? relative.format(hours, 'hour') : relative.format(days, 'day');
  return `${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} (${rel})`;
}

/**
 * A preview's interval as a button shows it: minutes, hours or days.
 * @param {number} seconds
 */
function interval(seconds) {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

async function renderReview() {
  if (!needKey()) return;
  const generation = state.generation;
  const view = mount('review');
  const card = $('[data-card]', view);
  const answer = /** @type {HTMLTextAreaElement} */ ($('[data-answer]', view));
  const reveal = /** @type {HTMLButtonElement} */ ($('[data-reveal]', view));
  const notes = $('[data-notes]', view);
  const result = $('[data-result]', view);
  /** @type {Schemas['DueView'] | null} */
  let current = null;
  let shownAt = new Date();
  /** @type {string | null} */
  let idempotencyKey = null;
  let busy = false;

  const load = async () => {
    const due = await state.client.get('/v1/users/me/due', { query: { limit: 20 } });
    if (stale(generation)) return;
    showFreshness(view, [due]);
    const items = due.data.data;
    const dueNow = items.filter((i) => i.due_at).length;
    $('[data-queue]', view).textContent = items.length
      ? `${items.length}${due.data.page.has_more ? '+' : ''} in your queue: ${dueNow} due again, ${items.length - dueNow} new.`
      : '';
    current = items[0] ?? null;
    $('[data-empty]', view).hidden = current !== null;
    card.hidden = current === null;
    if (!current) return;
    $('[data-category]', view).textContent = current.category ?? '';
    $('[data-number]', view).textContent = String(current.question);
    $('[data-due]', view).textContent = current.due_at ? `due since ${when(current.due_at)}` : 'new question';
    // Each button says what it would schedule (the queue's previews, by the learner's scheduler).
    view.querySelectorAll('[data-rating]').forEach((button) => {
      const rating = /** @type {Rating} */ (/** @type {HTMLElement} */ (button).dataset.rating);
      const seconds = current?.previews?.[rating]?.interval_seconds;
      $('[data-preview]', /** @type {HTMLElement} */ (button)).textContent = seconds == null ? '' : `· ${interval(seconds)}`;
    });
    $('[data-text]', view).textContent = current.text ?? '';
    $('[data-notes-text]', view).textContent = '';
    answer.value = '';
    notes.hidden = true;
    reveal.hidden = false;
    reveal.setAttribute('aria-expanded', 'false');
    shownAt = new Date();
    idempotencyKey = null;
  };

  const showNotes = async () => {
    if (!current) return;
    notes.hidden = false;
    reveal.hidden = true;
    reveal.setAttribute('aria-expanded', 'true');
    const number = current.question ?? 0;
    try {
      const question = await state.client.get('/v1/questions/{number}', { params: { number } });
      if (stale(generation) || current?.question !== number) return;
      $('[data-notes-text]', view).textContent = question.data.notes || 'This question has no notes.';
    } catch (error) {
      fail(error);
    }
    /** @type {HTMLElement} */ ($('[data-rating="good"]', view)).focus();
  };

  /** @param {Rating} rating */
  const rate = async (rating) => {
    if (!current || busy || notes.hidden) return;
    busy = true;
    const buttons = view.querySelectorAll('[data-rating]');
    buttons.forEach((b) => /** @type {HTMLButtonElement} */ (b).setAttribute('aria-disabled', 'true'));
    // Kept until the attempt is recorded: retrying this card after an error sends the same Idempotency-Key.
    idempotencyKey = idempotencyKey || newIdempotencyKey();
    try {
      const recorded = await state.client.post(
        '/v1/attempts',
        {
          question: current.question ?? 0,
          answer: answer.value,
          rating,
          duration_ms: Math.min(86400000, Date.now() - shownAt.getTime()),
          started_at: shownAt.toISOString(),
        },
        { idempotencyKey },
      );
      if (stale(generation)) return;
      result.textContent = `Question ${recorded.data.question} rated ${rating}${recorded.replayed ? ' (replayed)' : ''}: next review ${when(recorded.data.due_at)}.`;
      announce(result.textContent, false, true);
      await load();
      $('[data-text]', view).focus();
    } catch (error) {
      fail(error);
    } finally {
      busy = false;
      buttons.forEach((b) => b.removeAttribute('aria-disabled'));
    }
  };

  reveal.addEventListener('click', showNotes);
  view.querySelectorAll('[data-rating]').forEach((button) =>
    button.addEventListener('click', () => rate(/** @type {Rating} */ (/** @type {HTMLElement} */ (button).dataset.rating))),
  );
  // Shortcuts, outside text fields: space or enter on the card shows the notes, 1-4 rate.
  view.addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.matches('textarea, input, select') || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = ['1', '2', '3', '4'].indexOf(event.key);
    if (index >= 0 && !notes.hidden) {
      event.preventDefault();
      rate(RATINGS[index]);
    }
  });

  try {
    await load();
  } catch (error) {
    fail(error);
  }
}

// --- Browse: filters, search, cursor paging -------------------------------------------------------------------

/**
 * The text with the search's «matched» words marked (the API marks them with « and », not HTML).
 * @param {string} fragment
 * @returns {Node[]}
 */
function highlighted(fragment) {
  return fragment.split(/(«[^»]*»)/).map((part) => {
    if (part.startsWith('«') && part.endsWith('»')) {
      const mark = document.createElement('mark');
      mark.textContent = part.slice(1, -1);
      return mark;
    }
    return document.createTextNode(part);
  });
}

async function renderBrowse() {
  const generation = state.generation;
  const view = mount('browse');
  const form = /** @type {HTMLFormElement} */ ($('[data-filters]', view));
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  for (const name of ['q', 'tag', 'difficulty']) {
    const field = /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
    field.value = params.get(name) || '';
  }
  const prev = /** @type {HTMLButtonElement} */ ($('[data-prev]', view));
  const next = /** @type {HTMLButtonElement} */ ($('[data-next]', view));
  /** @type {string | null} */
  let nextCursor = null;
  /** @type {string | null} */
  let prevCursor = null;

  /** @param {string | null} cursor */
  const load = async (cursor) => {
    const data = new FormData(form);
    /** @type {Record<string, string>} */
    const query = {};
    for (const name of ['q', 'category', 'tag', 'difficulty']) {
      const value = String(data.get(name) || '').trim();
      if (value) query[name] = value;
    }
    const results = [];
    const page = await state.client.get('/v1/questions', {
      query: { ...query, difficulty: /** @type {'junior' | 'mid' | 'senior' | undefined} */ (query.difficulty), limit: 10, cursor: cursor ?? undefined },
    });
    results.push(page);
    if (stale(generation)) return results;
    nextCursor = page.data.page.next_cursor;
    prevCursor = page.data.page.prev_cursor;
    next.disabled = !nextCursor;
    prev.disabled = !prevCursor;
    const list = $('[data-results]', view);
    list.replaceChildren(
      ...page.data.data.map((q) => {
        const item = document.createElement('li');
        const meta = document.createElement('p');
        meta.className = 'meta';
        meta.textContent = `#${q.number} · ${q.category} · ${q.difficulty} `;
        for (const tag of q.tags ?? []) {
          const chip = document.createElement('span');
          chip.className = 'tag';
          chip.textContent = tag;
          meta.append(chip);
        }
        const text = document.createElement('p');
        text.className = 'text';
        text.textContent = q.text ?? '';
        item.append(meta, text);
        if (q.highlight && q.highlight.field !== 'text') {
          const hit = document.createElement('p');
          hit.append(`Matched in ${q.highlight.field}: `, ...highlighted(q.highlight.fragment));
          item.append(hit);
        } else if (q.highlight) {
          text.replaceChildren(...highlighted(q.highlight.fragment));
        }
        if (q.notes) {
          const details = document.createElement('details');
          const summary = document.createElement('summary');
          summary.textContent = 'Notes';
          const notes = document.createElement('p');
          notes.textContent = q.notes;
          details.append(summary, notes);
          item.append(details);
        }
        return item;
      }),
    );
    $('[data-count]', view).textContent = page.data.data.length
      ? `${page.data.data.length} question${page.data.data.length === 1 ? '' : 's'} on this page${page.data.page.has_more ? ', more on the next' : ''}.`
      : 'No question matches.';
    return results;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const search = new URLSearchParams();
    for (const [k, v] of data) if (String(v).trim()) search.set(k, String(v).trim());
    // The filters go in the page's URL (bookmarkable); a key never does.
    history.replaceState(null, '', `#/browse${search.size ? `?${search}` : ''}`);
    try {
      showFreshness(view, await load(null));
    } catch (error) {
      fail(error);
    }
  });
  next.addEventListener('click', async () => {
    try {
      showFreshness(view, await load(nextCursor));
      $('[data-results] li', view).setAttribute('tabindex', '-1');
      $('[data-results] li', view).focus();
    } catch (error) {
      fail(error);
    }
  });
  prev.addEventListener('click', async () => {
    try {
      showFreshness(view, await load(prevCursor));
    } catch (error) {
      fail(error);
    }
  });

  try {
    const categories = await fillCategories(
      /** @type {HTMLSelectElement} */ ($('#f-category', view)),
      params.get('category') || '',
    );
    const results = await load(null);
    showFreshness(view, [categories, ...results]);
  } catch (error) {
    fail(error);
  }
}

// --- Quiz: draw, answer, see what was served -------------------------------------------------------------------

async function renderQuiz() {
  if (!needKey()) return;
  const generation = state.generation;
  const view = mount('quiz');
  const form = /** @type {HTMLFormElement} */ ($('[data-draw]', view));
  const exhausted = $('[data-exhausted]', view);
  let drawKey = newIdempotencyKey();

  /** @param {Schemas['QuizView']} quiz */
  const show = (quiz) => {
    $('[data-quiz]', view).hidden = false;
    const served = quiz.questions?.length ?? 0;
    $('[data-summary]', view).textContent =
      `Served ${served} of ${quiz.requested} requested; answered ${quiz.answered} so far. ` +
      `${quiz.remaining} question${quiz.remaining === 1 ? '' : 's'} left in your pool${quiz.pool_exhausted ? ' (this quiz emptied it)' : ''}.`;
    const list = $('[data-questions]', view);
    list.replaceChildren(
      ...(quiz.questions ?? []).map((item) => {
        const q = item.question;
        const li = document.createElement('li');
        const meta = document.createElement('p');
        meta.className = 'meta';
        meta.textContent = `${item.position}. #${q?.number} · ${q?.category} · ${q?.difficulty}`;
        const text = document.createElement('p');
        text.className = 'text';
        text.textContent = q?.text ?? '';
        li.append(meta, text);
        if (item.attempted) {
          const done = document.createElement('p');
          done.className = 'answered';
          done.textContent = `Answered (${item.attempts} attempt${item.attempts === 1 ? '' : 's'})`;
          li.append(done);
          return li;
        }
        const id = `quiz-answer-${item.position}`;
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = 'Your answer';
        const textarea = document.createElement('textarea');
        textarea.id = id;
        textarea.rows = 2;
        textarea.maxLength = 10000;
        const ratings = document.createElement('fieldset');
        ratings.className = 'ratings';
        const legendEl = document.createElement('legend');
        legendEl.textContent = 'Then rate yourself';
        ratings.append(legendEl);
        const started = new Date();
        let attemptKey = newIdempotencyKey();
        for (const rating of RATINGS) {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = rating;
          button.textContent = rating[0].toUpperCase() + rating.slice(1);
          button.addEventListener('click', async () => {
            try {
              const recorded = await state.client.post(
                '/v1/attempts',
                { question: q?.number ?? 0, answer: textarea.value, rating, duration_ms: Date.now() - started.getTime(), started_at: started.toISOString() },
                { idempotencyKey: attemptKey },
              );
              attemptKey = newIdempotencyKey();
              announce(`Question ${q?.number} rated ${rating}: next review ${when(recorded.data.due_at)}.`);
              await check();
            } catch (error) {
              fail(error);
            }
          });
          ratings.append(button);
        }
        li.append(label, textarea, ratings);
        return li;
      }),
    );
  };

  const check = async () => {
    const id = stored(QUIZ_STORE);
    if (!id) return;
    try {
      const quiz = await state.client.get('/v1/quizzes/{id}', { params: { id } });
      if (stale(generation)) return;
      showFreshness(view, [quiz]);
      show(quiz.data);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) store(QUIZ_STORE, null);
      else fail(error);
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const count = Number(data.get('count')) || 5;
    const category = String(data.get('category') || '') || null;
    const difficulty = /** @type {'junior' | 'mid' | 'senior' | null} */ (String(data.get('difficulty') || '') || null);
    exhausted.hidden = true;
    try {
      const quiz = await state.client.post('/v1/quizzes', { count, category, difficulty }, { idempotencyKey: drawKey });
      drawKey = newIdempotencyKey();
      store(QUIZ_STORE, quiz.data.id ?? null);
      announce(`Drew a quiz of ${quiz.data.questions?.length ?? 0} questions.`);
      show(quiz.data);
    } catch (error) {
      if (error instanceof ApiError && error.type === 'quiz-pool-exhausted') {
        drawKey = newIdempotencyKey();
        exhausted.hidden = false;
        announce(error.message);
      } else {
        fail(error);
      }
    }
  });
  $('[data-reset]', view).addEventListener('click', async () => {
    try {
      const reset = await state.client.post('/v1/quizzes/reset', undefined);
      exhausted.hidden = true;
      announce(`Your pool is the whole bank again (${reset.data.released ?? 0} questions returned).`);
    } catch (error) {
      fail(error);
    }
  });
  $('[data-check]', view).addEventListener('click', check);

  try {
    await fillCategories(/** @type {HTMLSelectElement} */ ($('#q-category', view)));
    await check();
  } catch (error) {
    fail(error);
  }
}

// --- Progress: charts per category -------------------------------------------------------------------------------

const DAYS = 14;

/** The last DAYS days (UTC), oldest first, as YYYY-MM-DD. */
function lastDays() {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  return Array.from({ length: DAYS }, (_, i) => new Date(today.getTime() - (DAYS - 1 - i) * 86400000).toISOString().slice(0, 10));
}

async function renderProgress() {
  if (!needKey()) return;
  const generation = state.generation;
  const view = mount('progress');
  try {
    const progress = await state.client.get('/v1/users/me/progress');
    if (stale(generation)) return;
    const results = [progress];
    const p = progress.data;
    const overall = p.overall;
    $('[data-overall]', view).textContent =
      `${overall?.attempts ?? 0} attempts at ${overall?.questions_attempted ?? 0} of ${overall?.questions_total ?? 0} questions; ` +
      `streak ${p.current_streak_days ?? 0} day${p.current_streak_days === 1 ? '' : 's'} (longest ${p.longest_streak_days ?? 0}).`;
    const categories = (p.categories ?? []).map((c) => ({ ...c, category: c.category ?? '' }));
    const chart = $('[data-ratings-chart]', view);
    chart.replaceChildren(ratingsByCategory(categories, chart.clientWidth));
    $('[data-legend]', view).replaceChildren(legend());

    const days = lastDays();
    const since = `${days[0]}T00:00:00Z`;
    const timelines = $('[data-timelines]', view);
    for (const c of categories) {
      /** @type {Record<Rating, number[]>} */
      const counts = { again: Array(DAYS).fill(0), hard: Array(DAYS).fill(0), good: Array(DAYS).fill(0), easy: Array(DAYS).fill(0) };
      if (c.attempts) {
        // Up to five pages of a category's recent attempts (500): enough for two weeks of study.
        /** @type {string | undefined} */
        let cursor;
        for (let pages = 0; pages < 5; pages++) {
          const page = await state.client.get('/v1/attempts', { query: { category: c.category, since, limit: 100, cursor } });
          results.push(page);
          for (const a of page.data.data) {
            const day = days.indexOf((a.created_at ?? '').slice(0, 10));
            if (day >= 0 && a.rating) counts[a.rating][day]++;
          }
          cursor = page.data.page.next_cursor ?? undefined;
          if (!cursor) break;
        }
      }
      if (stale(generation)) return;
      const figure = document.createElement('figure');
      const caption = document.createElement('figcaption');
      caption.textContent = `${c.category}: attempts per day`;
      figure.append(caption, attemptsOverTime({ category: c.category, days, counts }));
      timelines.append(figure);
    }
    showFreshness(view, results);
  } catch (error) {
    fail(error);
  }
}

// ---------------------------------------------------------------------------------------------------- routing

/** @type {Record<string, () => Promise<void>>} */
const VIEWS = { review: renderReview, browse: renderBrowse, quiz: renderQuiz, progress: renderProgress, account: renderAccount };

function render() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1] || (state.client.key ? 'review' : 'account');
  const view = VIEWS[name] ? name : 'review';
  state.generation++;
  // What was said on the previous page is stale there, unless it was said just now (e.g. by the action that led here).
  if (Date.now() - announcedAt > 1500) announce('');
  document.querySelectorAll('[data-nav]').forEach((link) => {
    if (/** @type {HTMLElement} */ (link).dataset.nav === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  const title = view[0].toUpperCase() + view.slice(1);
  document.title = `${title} · qbank study`;
  VIEWS[view]().then(() => {
    // After a navigation, focus the new view's heading so screen readers and keyboards start there.
    const heading = document.querySelector('main h1');
    if (heading instanceof HTMLElement && document.activeElement === document.body) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  });
}

window.addEventListener('hashchange', () => {
  // "#main" is the skip link, not a route.
  if (location.hash.startsWith('#/')) render();
});
window.addEventListener('offline', () => {
  $('#offline').hidden = false;
});
window.addEventListener('online', () => {
  $('#offline').hidden = true;
});
$('[data-skip]').addEventListener('click', (event) => {
  event.preventDefault();
  $('#main').focus();
});

useClient(state.client.key);
$('#offline').hidden = navigator.onLine !== false;
render();
