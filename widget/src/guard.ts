/**
 * Wraps a callback so that nothing it throws reaches the host page: the
 * widget may fail, the page must not.
 */
export function guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      const out = fn(...args);
      if (out instanceof Promise) out.catch(warn);
    } catch (error) {
      warn(error);
    }
  };
}

export function warn(error: unknown): undefined {
  try {
    console.warn('Parley:', error);
  } catch {
    // no console
  }
}
