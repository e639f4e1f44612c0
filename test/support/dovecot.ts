import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/bench/data';
import { waitFor } from './processes';

export const DOVECOT = '/usr/sbin/dovecot';

/**
 * Debian's Dovecot (dovecot-imapd, installed by .ci/run), run as root, which it needs to start.
 * Locally a missing Dovecot skips the IMAP test with a hint; in CI (CI=true) it fails the run.
 */
export function dovecotAvailable(): boolean {
  if (existsSync(DOVECOT) && process.getuid?.() === 0) return true;
  const message = `no Dovecot at ${DOVECOT} (or not root): apt-get install -y dovecot-imapd`;
  if (process.env.CI === 'true') throw new Error(`IMAP test cannot run: ${message}`);
  process.stderr.write(`IMAP test of calendar answers skipped: ${message}\n`);
  return false;
}

const NOBODY = { uid: 65534, gid: 65534 };

/**
 * A real IMAP server on loopback with one mailbox user, in a folder of its own: plain IMAP
 * without TLS (loopback only), passwords in a file, mail in Maildir owned by `nobody`.
 */
export async function startDovecot(user = 'svar', password = 'hemmelig-passord') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samling-dovecot-'));
  // Dovecot's own users (auth runs as `dovecot`, mail as `nobody`) must reach into it.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const mail = path.join(dir, 'mail');
  mkdirSync(mail);
  chownSync(mail, NOBODY.uid, NOBODY.gid);
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const config = path.join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mail}/%u
first_valid_uid = ${NOBODY.uid}
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${NOBODY.uid} gid=${NOBODY.gid} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', config], { stdio: 'ignore' });
  await waitFor('Dovecot to listen', async () => {
    const net = await import('node:net');
    return new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(String(data).startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
  });
  return {
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
