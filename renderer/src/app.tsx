import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppEvent } from './api/api-context.js';
import type { Navigate, Route } from './route.js';
import { AccountDetailsScreen } from './screens/account-details-screen.js';
import { AccountFormScreen } from './screens/account-form-screen.js';
import { AccountsScreen } from './screens/accounts-screen.js';
import { ActivityScreen } from './screens/activity-screen.js';
import { ChangePasswordScreen } from './screens/change-password-screen.js';
import { ForgotPasswordScreen } from './screens/forgot-password-screen.js';
import { SettingsScreen } from './screens/settings-screen.js';
import { SignInScreen } from './screens/sign-in-screen.js';
import { SignUpScreen } from './screens/sign-up-screen.js';

const NAV: { screen: 'accounts' | 'activity' | 'settings'; label: string }[] = [
  { screen: 'accounts', label: 'Accounts' },
  { screen: 'activity', label: 'Activity' },
  { screen: 'settings', label: 'Settings' },
];

const FORM_FIRST = new Set<Route['screen']>(['sign-in', 'sign-up', 'forgot-password', 'change-password']);

function navSection(route: Route): 'accounts' | 'activity' | 'settings' {
  if (route.screen === 'activity' || route.screen === 'settings') return route.screen;
  return 'accounts';
}

export function App({ initialRoute = { screen: 'accounts' } }: { initialRoute?: Route }) {
  const [route, setRoute] = useState<Route>(initialRoute);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  const navigate: Navigate = useCallback((next) => setRoute(next), []);

  // A new screen moves focus to its heading, so keyboard and screen-reader users start at the top of it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Sign-in and the self-service forms place focus on their own first field.
    if (FORM_FIRST.has(route.screen)) return;
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  // credential-process (or the tray) asked for an interactive sign-in: bring up that account's sign-in.
  useAppEvent('sign-in-requested', ({ account }) => setRoute({ screen: 'sign-in', name: account }));

  const section = navSection(route);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="sidebar">
        <p className="brand">Cognito Broker</p>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.screen}>
                <button
                  type="button"
                  className="nav-link"
                  aria-current={section === item.screen ? 'page' : undefined}
                  onClick={() => navigate({ screen: item.screen })}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} className="content">
        <Screen route={route} navigate={navigate} />
      </main>
    </div>
  );
}

function Screen({ route, navigate }: { route: Route; navigate: Navigate }) {
  switch (route.screen) {
    case 'accounts':
      return <AccountsScreen navigate={navigate} />;
    case 'account':
      return <AccountDetailsScreen key={route.name} name={route.name} navigate={navigate} />;
    case 'account-form':
      return <AccountFormScreen key={route.name ?? ''} name={route.name} navigate={navigate} />;
    case 'sign-in':
      return <SignInScreen key={route.name} name={route.name} navigate={navigate} />;
    case 'sign-up':
      return <SignUpScreen key={route.name} name={route.name} navigate={navigate} />;
    case 'forgot-password':
      return <ForgotPasswordScreen key={route.name} name={route.name} navigate={navigate} />;
    case 'change-password':
      return <ChangePasswordScreen key={route.name} name={route.name} navigate={navigate} />;
    case 'settings':
      return <SettingsScreen />;
    case 'activity':
      return <ActivityScreen />;
  }
}
