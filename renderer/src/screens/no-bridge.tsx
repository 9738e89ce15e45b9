/** Shown when the page was opened without the app's preload or a bridge token: nothing can work, so say how to open it. */
export function NoBridge() {
  return (
    <main className="content content-alone">
      <h1>Not connected to Cognito Broker</h1>
      <p>This window was opened without a connection to the broker.</p>
      <p>
        Open it from the Cognito Broker app, or in development run <code>npm run dev:web</code> and use the address it prints.
      </p>
    </main>
  );
}
