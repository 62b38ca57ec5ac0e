// Gives each of Taro's page boxes (`.taro_page`, the element that scrolls) a tab stop as it appears,
// so the arrow keys and Page Down scroll a page that holds no control.
const PAGES = '.taro_page';

export function makeScrollersFocusable(root: ParentNode): void {
  root.querySelectorAll(PAGES).forEach((page) => {
    if (!page.hasAttribute('tabindex')) page.setAttribute('tabindex', '0');
  });
}

export function focusablePageScrollers(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const observer = new MutationObserver((records) => {
    for (const record of records)
      record.addedNodes.forEach((node) => {
        if (!(node instanceof Element)) return;
        if (node.matches(PAGES) && !node.hasAttribute('tabindex')) node.setAttribute('tabindex', '0');
        else makeScrollersFocusable(node);
      });
  });
  observer.observe(document.documentElement, { subtree: true, childList: true });
  makeScrollersFocusable(document);
}
