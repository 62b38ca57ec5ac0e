import type { PropsWithChildren } from 'react';
import { labelFieldsFromWrappers } from './platform/fieldLabels';
import { registerServiceWorker } from './platform/pwa';
import { focusablePageScrollers } from './platform/scrollers';
import './app.css';

registerServiceWorker();
labelFieldsFromWrappers();
focusablePageScrollers();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
