import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context.js';
import { pickBridge } from './api/pick-bridge.js';
import { App } from './app.js';
import { NoBridge } from './screens/no-bridge.js';
import './styles.css';

const bridge = pickBridge();
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    {bridge ? (
      <ApiProvider bridge={bridge}>
        <App />
      </ApiProvider>
    ) : (
      <NoBridge />
    )}
  </StrictMode>,
);
