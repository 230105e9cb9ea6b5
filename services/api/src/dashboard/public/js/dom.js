/**
 * DOM building without markup: every string becomes a text node or an
 * attribute value, so nothing the API returns is ever parsed as HTML.
 */

/**
 * h('a', { href: '#/', class: 'x', onclick: fn }, 'text', child, [more])
 * Attributes that are undefined, null or false are left out; `on*` functions become listeners.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children; strings and numbers as text, null/undefined/false skipped, arrays flattened. */
export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children (same rules as append). */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/** A status badge: the colour comes from the stylesheet, keyed by the status. */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, status);
}

/** A notice box, for load errors and interrupted streams. */
export function notice(message, kind = 'error') {
  return h('p', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}
