import { DeleteWebAuthnCredentialCommand, ListWebAuthnCredentialsCommand, type WebAuthnCredentialDescription } from '@aws-sdk/client-cognito-identity-provider';
import type { PasskeyView } from '../../contract/sign-in-method.js';
import { withUserPool, type SelfServiceOptions, type UserPoolAccount } from './user-pool-app.js';

/**
 * The signed-in user's passkeys, with their access token, as the MFA calls are. Passkeys are registered
 * through managed login (auth/sign-in/passkey.ts says why the broker never speaks WebAuthn itself); listing
 * and deleting them needs no authenticator.
 */

/** ListWebAuthnCredentials' page limit: "MaxResults ... maximum value of 20". */
const PAGE_SIZE = 20;
/** A user's passkeys fit in a few pages; a server that keeps answering NextToken must not loop forever. */
const MAX_PAGES = 50;

/**
 * Every passkey of the user, following NextToken until the list ends.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnCredentialDescription.html
 */
export function listPasskeys(account: UserPoolAccount, accessToken: string, options: SelfServiceOptions = {}): Promise<PasskeyView[]> {
  return withUserPool(account, 'passkeys', options, async (client) => {
    const out: PasskeyView[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(
        new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, MaxResults: PAGE_SIZE, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
      );
      for (const credential of answer.Credentials ?? []) out.push(passkeyView(credential));
      nextToken = answer.NextToken;
      if (!nextToken) break;
    }
    return out;
  });
}

/**
 * Deletes one of the user's passkeys by its CredentialId; an id the user does not have is
 * ResourceNotFoundException (self-service-errors.ts).
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteWebAuthnCredential.html
 */
export async function deletePasskey(account: UserPoolAccount, accessToken: string, credentialId: string, options: SelfServiceOptions = {}): Promise<void> {
  await withUserPool(account, 'passkeys', options, (client) =>
    client.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: credentialId })),
  );
}

function passkeyView(credential: WebAuthnCredentialDescription): PasskeyView {
  // The SDK reads CreatedAt (epoch seconds on the wire) into a Date.
  const created = credential.CreatedAt instanceof Date ? credential.CreatedAt : new Date(0);
  return {
    credentialId: credential.CredentialId ?? '',
    ...(credential.FriendlyCredentialName ? { friendlyName: credential.FriendlyCredentialName } : {}),
    relyingPartyId: credential.RelyingPartyId ?? '',
    createdAt: created.toISOString(),
    ...(credential.AuthenticatorAttachment ? { authenticatorAttachment: credential.AuthenticatorAttachment } : {}),
  };
}
