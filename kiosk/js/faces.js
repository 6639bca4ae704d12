/**
 * Face icons for the five levels, drawn inline (no image files, no external resources).
 * The mouth's curve goes from a broad smile to a deep frown; the icon repeats the label's
 * meaning for residents who do not read the text, it never replaces it.
 */
const MOUTH = {
  'very-satisfied': 'M30 60 Q50 84 70 60',
  satisfied: 'M33 63 Q50 75 67 63',
  'no-opinion': 'M34 66 L66 66',
  dissatisfied: 'M33 70 Q50 60 67 70',
  'very-dissatisfied': 'M30 74 Q50 52 70 74',
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export function faceIcon(level) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 100 100');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('face');
  const add = (name, attrs) => {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    svg.append(node);
  };
  add('circle', { cx: 50, cy: 50, r: 44, fill: 'none', stroke: 'currentColor', 'stroke-width': 6 });
  add('circle', { cx: 36, cy: 40, r: 5.5, fill: 'currentColor' });
  add('circle', { cx: 64, cy: 40, r: 5.5, fill: 'currentColor' });
  add('path', {
    d: MOUTH[level] ?? MOUTH['no-opinion'],
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 6,
    'stroke-linecap': 'round',
  });
  return svg;
}
