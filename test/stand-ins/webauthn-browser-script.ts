/**
 * Browser-side JavaScript (a string to put in a page) that defines `passkeyGet(options)`: it takes the
 * PublicKeyCredentialRequestOptionsJSON Cognito sends as CREDENTIAL_REQUEST_OPTIONS, runs
 * navigator.credentials.get, and returns the AuthenticationResponseJSON (as a JSON string) that Cognito takes
 * as CREDENTIAL (https://www.w3.org/TR/webauthn-3/#dictdef-authenticationresponsejson). It is written out by
 * hand, not with PublicKeyCredential.parseRequestOptionsFromJSON / toJSON, so it does not depend on how new the
 * browser is. Used by the managed-login stand-in's passkey page and by tests that drive a page directly.
 */
export const PASSKEY_GET_SCRIPT = `(() => {
  const fromB64u = (s) => {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  };
  const toB64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  globalThis.passkeyGet = async (options) => {
    const o = typeof options === 'string' ? JSON.parse(options) : options;
    const publicKey = { ...o, challenge: fromB64u(o.challenge), allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: fromB64u(c.id) })) };
    const cred = await navigator.credentials.get({ publicKey });
    const r = cred.response;
    return JSON.stringify({
      id: cred.id,
      rawId: toB64u(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults(),
      response: {
        clientDataJSON: toB64u(r.clientDataJSON),
        authenticatorData: toB64u(r.authenticatorData),
        signature: toB64u(r.signature),
        ...(r.userHandle ? { userHandle: toB64u(r.userHandle) } : {}),
      },
    });
  };
})();`;
