import { render } from 'preact';

/**
 * Empties the router's root before a page renders into it: first unmounts a Preact tree left
 * there (an earlier frame of the same page, or a page left while it was still loading), since
 * clearing the DOM under a mounted tree leaves Preact diffing detached nodes; then any other DOM.
 */
export function emptyRoot(root: HTMLElement): void {
  render(null, root);
  root.textContent = '';
}
