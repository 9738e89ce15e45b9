/** The app's settings, as stored by the core and edited in the window. */
export interface Settings {
  activeProfileName: string;
  allowDefaultProfile: boolean;
  notificationLeadMinutes: number;
  launchAtLogin: boolean;
  startHidden: boolean;
  /** What a credential-process hand-off does: bring the window forward, or only notify. */
  handOff: 'window' | 'notify';
}
