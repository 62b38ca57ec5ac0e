import type { PropsWithChildren } from 'react';
import { registerServiceWorker } from './platform/pwa';
import './app.css';

registerServiceWorker();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
