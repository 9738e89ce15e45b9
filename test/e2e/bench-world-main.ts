import { authenticator } from 'otplib';
import { seedWorld } from '../stand-ins/seed.js';
import { startWindowWorld } from './window-world.js';

/**
 * The benchmark's seeded core (scripts/bench-renderer.mjs bundles and runs this file): the window world
 * with five accounts, three of them signed in, so the accounts list has real sessions to show. Prints one
 * JSON line with the page URL, then runs until stdin closes.
 */
async function main(): Promise<void> {
  const root = process.argv[2] ?? process.cwd();
  const w = await startWindowWorld({ root });
  const world = await seedWorld(w.backend, { poolName: 'bench' });
  const endpoints = { cognitoIdentityProvider: w.backend.userPoolEndpoint, cognitoIdentity: w.backend.identityEndpoint };
  for (let i = 0; i < 5; i++) {
    const user = i === 0 ? await world.totpUser(['admins', 'developers']) : await world.plainUser(['developers']);
    const name = `bench-${i}`;
    await w.service.addAccount({
      name,
      region: world.region,
      userPoolId: world.userPoolId,
      clientId: world.clientId,
      identityPoolId: world.identityPoolId,
      username: user.username,
      endpoints,
    });
    if (i >= 3) continue;
    let p = await w.service.signInStart(name);
    p = await w.service.signInAnswer(p.flowId, user.password);
    if (p.step.kind === 'totp-code') p = await w.service.signInAnswer(p.flowId, authenticator.generate(user.totpSecret!));
    if (p.step.kind !== 'done') throw new Error(`bench: sign-in of ${name} ended at ${p.step.kind}`);
  }
  await w.service.setActiveAccount('bench-0');
  process.stdout.write(`${JSON.stringify({ url: w.bridge.url, accounts: 5 })}\n`);
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.once('end', resolve).once('close', resolve));
  await w.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench world failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
