import type { Challenge, SignInContext, Step } from './sign-in-context.js';

/**
 * DEVICE_SRP_AUTH: the pool asks this computer to prove it is the remembered device (in place of MFA where
 * the pool allows it). The exchange itself, DEVICE_PASSWORD_VERIFIER included, is the devices module's
 * (auth/devices/device-sign-in.ts); a device the pool refuses surfaces as StaleDevice, which sign-in.ts's run
 * answers by dropping the record and signing in again as a new device.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html
 */
export function answerDeviceSrp(ctx: SignInContext, challenge: Challenge): Promise<Step> {
  return ctx.devices.answer(
    challenge,
    (name, session, answers) => ctx.respond(name, session, answers, 'challenge'),
    (step) => ('challenge' in step ? step.challenge : undefined),
  );
}
