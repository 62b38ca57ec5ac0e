// Copies the aria-label of Taro's <taro-input-core>/<taro-textarea-core> onto the <input>/<textarea>
// inside, as fields appear or their labels change.
const FIELDS = 'taro-input-core[aria-label] input, taro-textarea-core[aria-label] textarea';

export function labelField(field: Element): void {
  const label = field.parentElement?.closest('[aria-label]')?.getAttribute('aria-label');
  if (label && field.getAttribute('aria-label') !== label) field.setAttribute('aria-label', label);
}

export function labelFieldsIn(root: ParentNode): void {
  root.querySelectorAll(FIELDS).forEach(labelField);
}

export function labelFieldsFromWrappers(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') labelFieldsIn(record.target as Element);
      else
        record.addedNodes.forEach((node) => {
          if (node instanceof Element) labelFieldsIn(node.parentElement ?? node);
        });
    }
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-label'],
  });
  labelFieldsIn(document);
}
