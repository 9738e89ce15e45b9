/** Where the window is. A plain value instead of a router: a handful of screens do not need URL routing. */
export type Route =
  | { screen: 'accounts' }
  | { screen: 'account'; name: string }
  | { screen: 'account-form'; name?: string }
  | { screen: 'sign-in'; name: string }
  | { screen: 'sign-up'; name: string }
  | { screen: 'forgot-password'; name: string }
  | { screen: 'change-password'; name: string }
  | { screen: 'settings' }
  | { screen: 'activity' };

export type Navigate = (route: Route) => void;
