import { guard } from '../guard';

type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => unknown)>;
type Child = Node | string | false | null | undefined;

/**
 * Makes an element: attributes (`true` sets an empty one, `false` or
 * undefined none), event listeners for function values (guarded, so nothing
 * escapes into the page), and children, strings always as text.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') node.addEventListener(name, guard(value));
    else if (value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A 24×24 icon of one path, hidden from screen readers (its button has the label). */
export function icon(d: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
