/** A managed ~/.aws/config profile as the window lists it. */
export interface ProfileView {
  name: string;
  account: string;
  roleArn?: string;
  region: string;
  /** False when something shadows it (a same-named section in ~/.aws/credentials, for example). */
  effective: boolean;
  warning?: string;
}
