import type { PropsWithChildren } from 'react';
import { labelFieldsFromWrappers } from './platform/fieldLabels';
import { registerServiceWorker } from './platform/pwa';
import './app.css';

registerServiceWorker();
labelFieldsFromWrappers();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
