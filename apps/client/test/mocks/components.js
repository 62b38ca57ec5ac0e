/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, so that the Proxy itself is the module */
// A fake of @tarojs/components: every component renders a plain DOM element
// so tests can find text, roles and click targets.
const React = require('react');

const tags = { Text: 'span', Button: 'button', Input: 'input', Textarea: 'textarea', Image: 'img', Label: 'label' };
const cache = new Map();

function domProps(name, props) {
  const out = {};
  for (const [key, value] of Object.entries(props)) {
    if (key === 'children' || key === 'className' || key === 'style' || key === 'id' || key === 'onClick')
      out[key] = value;
    else if (key === 'ariaLabel') out['aria-label'] = value;
    else if (key === 'ariaChecked') out['aria-checked'] = String(value);
    else if (key === 'ariaRole' || key === 'role') out.role = value;
    else if (key.startsWith('aria-') || key.startsWith('data-')) out[key] = value;
    else if (key === 'disabled' && name === 'Button') out.disabled = value;
    else if (key === 'src' && name === 'Image') out.src = value;
    // Taro's H5 Image spreads nativeProps (alt, …) onto its <img>.
    else if (key === 'nativeProps' && name === 'Image') Object.assign(out, value);
    else if (key === 'onTap' && !props.onClick) out.onClick = value;
    else if ((name === 'Input' || name === 'Textarea') && (key === 'value' || key === 'placeholder')) out[key] = value;
    else if ((name === 'Input' || name === 'Textarea') && key === 'onInput')
      out.onChange = (event) => value({ detail: { value: event.target.value } });
  }
  if (typeof out.style === 'string') delete out.style;
  return out;
}

function component(name) {
  if (!cache.has(name)) {
    const Fake = React.forwardRef((props, ref) =>
      React.createElement(tags[name] ?? 'div', { ...domProps(name, props), ref, 'data-taro': name }),
    );
    Fake.displayName = name;
    cache.set(name, Fake);
  }
  return cache.get(name);
}

module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return true;
      if (typeof key === 'symbol' || key === 'then' || key === 'default') return undefined;
      return /^[A-Z]/.test(key) ? component(key) : undefined;
    },
  },
);
