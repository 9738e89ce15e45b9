/**
 * What a successful sign-in or refresh yields. These are secrets: they go to the keychain and to the
 * identity pool, never to logs, errors, plain files or the renderer.
 */
export interface SignInTokens {
  idToken: string;
  accessToken: string;
  /** Absent only after a refresh that did not rotate the refresh token (keep the old one). */
  refreshToken?: string;
  /**
   * The user's name inside the pool (`cognito:username`, the SRP challenge's USER_ID_FOR_SRP). It can differ
   * from what the person typed (an e-mail alias) and it is the name SECRET_HASH needs on refresh.
   */
  username: string;
  /**
   * The key of the device this sign-in used or confirmed (auth/devices): refreshes send it, as AWS requires
   * where device remembering is on (GetTokensFromRefreshToken's DeviceKey). Not a secret; the device password is.
   */
  deviceKey?: string;
}
