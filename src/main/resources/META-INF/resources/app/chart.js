// Progress charts as inline SVG, built with DOM calls (no markup strings, nothing inline for the CSP to refuse).
// Each chart is one image for assistive technology: role="img" with a <title> and a <desc> that says in words what
// the bars show.

/** @typedef {'again' | 'hard' | 'good' | 'easy'} Rating */

/** @type {Rating[]} */
export const RATINGS = ['again', 'hard', 'good', 'easy'];

const SVG = 'http://www.w3.org/2000/svg';
let chartIds = 0;

/**
 * @param {string} name
 * @param {Record<string, string | number>} [attributes]
 * @param {string} [text]
 * @returns {SVGElement}
 */
function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * @param {number} width
 * @param {number} height
 * @param {string} title
 * @param {string} description
 * @returns {SVGSVGElement}
 */
function frame(width, height, title, description) {
  const id = `chart-${++chartIds}`;
  const svg = /** @type {SVGSVGElement} */ (
    el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart' })
  );
  svg.append(el('title', { id: `${id}-t` }, title), el('desc', { id: `${id}-d` }, description));
  return svg;
}

/**
 * Attempts per day over the last `days.length` days, each day's bar stacked by rating.
 * @param {{category: string, days: string[], counts: Record<Rating, number[]>}} data
 * @returns {SVGSVGElement}
 */
export function attemptsOverTime({ category, days, counts }) {
  const width = 320;
  const height = 140;
  const left = 28;
  const bottom = 22;
  const top = 8;
  const totals = days.map((_, i) => RATINGS.reduce((sum, r) => sum + counts[r][i], 0));
  const max = Math.max(1, ...totals);
  const all = totals.reduce((a, b) => a + b, 0);
  const perRating = RATINGS.map((r) => `${counts[r].reduce((a, b) => a + b, 0)} ${r}`).join(', ');
  const busiest = totals.indexOf(Math.max(...totals));
  const description =
    all === 0
      ? `No attempts in ${category} from ${days[0]} to ${days[days.length - 1]}.`
      : `${all} attempts in ${category} from ${days[0]} to ${days[days.length - 1]}: ${perRating}. ` +
        `Busiest day ${days[busiest]} with ${totals[busiest]}.`;
  const svg = frame(width, height, `${category}: attempts per day by rating`, description);
  const plotHeight = height - top - bottom;
  const step = (width - left - 4) / days.length;
  const barWidth = Math.max(2, step - 3);
  // Axis and gridline at the maximum.
  svg.append(
    el('line', { x1: left, y1: top + plotHeight, x2: width - 2, y2: top + plotHeight, class: 'axis' }),
    el('line', { x1: left, y1: top, x2: width - 2, y2: top, class: 'grid' }),
    el('text', { x: left - 4, y: top + 4, 'text-anchor': 'end', class: 'tick' }, String(max)),
    el('text', { x: left - 4, y: top + plotHeight, 'text-anchor': 'end', class: 'tick' }, '0'),
    el('text', { x: left, y: height - 6, class: 'tick' }, days[0].slice(5)),
    el('text', { x: width - 2, y: height - 6, 'text-anchor': 'end', class: 'tick' }, days[days.length - 1].slice(5)),
  );
  if (all === 0) {
    svg.append(el('text', { x: (left + width) / 2, y: top + plotHeight / 2, 'text-anchor': 'middle', class: 'empty' }, 'No attempts yet'));
  }
  days.forEach((day, i) => {
    let y = top + plotHeight;
    const x = left + 2 + i * step;
    for (const r of RATINGS) {
      const n = counts[r][i];
      if (!n) continue;
      const h = (n / max) * plotHeight;
      y -= h;
      const bar = el('rect', { x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: h.toFixed(1), class: `bar ${r}` });
      bar.append(el('title', {}, `${day}: ${n} ${r}`));
      svg.append(bar);
    }
  });
  return svg;
}

/**
 * Per category: how much of it has been attempted, and the ratings of all attempts as one stacked bar.
 * @param {{category: string, questions_total?: number, questions_attempted?: number, attempts?: number,
 *   ratings?: Partial<Record<Rating, number>>}[]} categories
 * @param {number} [available] the width it will be shown at, in CSS pixels: its text then stays at its own size
 * @returns {SVGSVGElement}
 */
export function ratingsByCategory(categories, available = 640) {
  const width = Math.round(Math.min(900, Math.max(300, available)));
  const row = 44;
  const labelWidth = width < 500 ? 112 : 150;
  const height = Math.max(1, categories.length) * row + 8;
  const description = categories
    .map((c) => {
      const ratings = RATINGS.map((r) => `${c.ratings?.[r] ?? 0} ${r}`).join(', ');
      return `${c.category}: ${c.questions_attempted ?? 0} of ${c.questions_total ?? 0} questions attempted, ${c.attempts ?? 0} attempts (${ratings}).`;
    })
    .join(' ');
  const svg = frame(width, height, 'Ratings by category', description || 'No categories.');
  const barMax = width - labelWidth - 40;
  const most = Math.max(1, ...categories.map((c) => c.attempts ?? 0));
  categories.forEach((c, i) => {
    const y = 4 + i * row;
    svg.append(el('text', { x: 0, y: y + 14, class: 'label' }, c.category));
    // Coverage: attempted of total, as a thin track under the label.
    const total = Math.max(1, c.questions_total ?? 0);
    const covered = ((c.questions_attempted ?? 0) / total) * (labelWidth - 16);
    svg.append(
      el('rect', { x: 0, y: y + 22, width: labelWidth - 16, height: 6, rx: 3, class: 'track' }),
      el('rect', { x: 0, y: y + 22, width: covered.toFixed(1), height: 6, rx: 3, class: 'covered' }),
    );
    let x = labelWidth;
    for (const r of RATINGS) {
      const n = c.ratings?.[r] ?? 0;
      if (!n) continue;
      const w = (n / most) * barMax;
      const bar = el('rect', { x: x.toFixed(1), y: y + 4, width: w.toFixed(1), height: 24, class: `bar ${r}` });
      bar.append(el('title', {}, `${c.category}: ${n} ${r}`));
      svg.append(bar);
      x += w;
    }
    svg.append(el('text', { x: x + 6, y: y + 21, class: 'value' }, String(c.attempts ?? 0)));
  });
  return svg;
}

/**
 * The colour key shared by every chart: a list, so it reads as text too.
 * @returns {HTMLUListElement}
 */
export function legend() {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const r of RATINGS) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${r}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, r);
    list.append(item);
  }
  return list;
}
