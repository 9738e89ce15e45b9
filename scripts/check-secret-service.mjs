// Exits 0 when a Secret Service answers a store/read/delete round trip, else prints one sentence and exits 1.
// `npm test` runs it first: without a working keychain most tests would fail one by one after their
// timeouts and say nothing useful. A locked keyring can block a read forever, hence the deadline.
import { spawnSync } from 'node:child_process';

const probe = `
  const { Entry } = require('@napi-rs/keyring');
  const e = new Entry('cognito-broker-test-probe', 'probe', { linux: { store: 'secret-service' } });
  e.setPassword('ok'); const v = e.getPassword(); e.deletePassword();
  process.exit(v === 'ok' ? 0 : 3);`;
const result = process.platform === 'linux' ? spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 15_000 }) : { status: 0 };
if (result.status !== 0) {
  process.stderr.write(
    'The tests need a running, unlocked Secret Service (the OS keychain on Linux) and none answered: on a desktop, unlock your keyring; ' +
      'on headless Linux, over SSH, in WSL or in CI run `bash scripts/with-secret-service.sh npm test`, which starts a throw-away one.\n',
  );
  process.exit(1);
}
