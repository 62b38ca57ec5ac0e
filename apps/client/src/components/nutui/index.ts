// The NutUI components the app uses, each imported with only its own CSS (the
// full style.css is 234 KB). Add a component here, with its style, before using it.
// A page on the H5 first screen imports its component file directly: this index
// makes a chunk hold every component listed here.
export { Button } from './button';
