// The NutUI components the app uses, each imported with only its own CSS (the
// full style.css is 234 KB). Add a component here, with its style, before using it.
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';

export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button';
export { default as Switch } from '@nutui/nutui-react-taro/dist/es/packages/switch';
