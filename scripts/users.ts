/**
 * `npm run users -- <command>`: manage local accounts in `<DATA_DIR>/users.json`.
 * Changes are written to the audit inbox, which the dashboard moves into its audit log.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  AccountError,
  addAccount,
  removeAccount,
  setAccountPassword,
  setAccountRole,
} from '../lib/auth/accounts';
import type { AuditEventInput } from '../lib/auth/audit-event';
import { writeAuditInboxEvent } from '../lib/auth/audit-inbox';
import { checkPasswordPolicy, generatePassword } from '../lib/auth/password';
import { isRole, type Role } from '../lib/auth/roles';
import { readAccounts, usersFilePath } from '../lib/auth/users-file';

const USAGE = `Usage: npm run users -- <command> [options]
  list                                   list local accounts
  add <name> --role admin|viewer [--password P]
                                         add an account (no --password: prompt, or generate when not a terminal)
  reset-password <name> [--password P]   set a new password; the user's open sessions end
  set-role <name> admin|viewer           change an account's role
  remove <name>                          delete an account
Options:
  --data-dir DIR    the app's DATA_DIR (default: $DATA_DIR, else .data)
  --allow-no-admin  let remove/set-role leave no local admin (for OIDC-only admin)
  --help`;

async function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stdout.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password to set: given, typed twice at a terminal, or generated (then printed once). */
async function choosePassword(
  given: string | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (given !== undefined) return { password: given, generated: false };
  if (!process.stdin.isTTY) return { password: generatePassword(), generated: true };
  const first = await promptHidden('Password (empty to generate one): ');
  if (first === '') return { password: generatePassword(), generated: true };
  const problem = checkPasswordPolicy(first);
  if (problem) throw new AccountError(problem);
  if ((await promptHidden('Repeat password: ')) !== first)
    throw new AccountError('The passwords differ.');
  return { password: first, generated: false };
}

function requireRole(value: string | undefined): Role {
  if (!isRole(value)) throw new AccountError('Role must be admin or viewer.');
  return value;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      password: { type: 'string' },
      'data-dir': { type: 'string' },
      'allow-no-admin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, name, extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
  const file = usersFilePath(dataDir);
  const actor = `cli:${os.userInfo().username}`;
  const audit = (event: Omit<AuditEventInput, 'actor'>) =>
    writeAuditInboxEvent(dataDir, {
      ...event,
      actor,
      detail: { ...event.detail, via: 'users command' },
    });
  const needName = () => {
    if (!name) throw new AccountError(`"${command}" needs a user name.`);
    return name;
  };
  const options = { allowNoAdmin: values['allow-no-admin'] };

  switch (command) {
    case 'list': {
      const accounts = await readAccounts(file);
      if (accounts.length === 0) console.log(`No local accounts in ${file}`);
      for (const a of accounts) {
        console.log(
          `${a.username.padEnd(24)} ${a.role.padEnd(7)} created ${a.createdAt}  password changed ${a.passwordChangedAt}`,
        );
      }
      return 0;
    }
    case 'add': {
      const username = needName();
      const role = requireRole(values.role);
      const { password, generated } = await choosePassword(values.password);
      const account = await addAccount(file, { username, role, password });
      await audit({ action: 'user.add', target: account.username, detail: { role } });
      console.log(`Added ${account.username} (${role}) to ${file}`);
      if (generated) console.log(`Password (shown once): ${password}`);
      return 0;
    }
    case 'reset-password': {
      const username = needName();
      const { password, generated } = await choosePassword(values.password);
      await setAccountPassword(file, username, password);
      await audit({ action: 'user.password-reset', target: username.toLowerCase() });
      console.log(`New password set for ${username}; their open sessions have ended.`);
      if (generated) console.log(`Password (shown once): ${password}`);
      return 0;
    }
    case 'set-role': {
      const username = needName();
      const role = requireRole(extra ?? values.role);
      await setAccountRole(file, username, role, options);
      await audit({ action: 'user.role-change', target: username.toLowerCase(), detail: { role } });
      console.log(`${username} is now ${role}.`);
      return 0;
    }
    case 'remove': {
      const username = needName();
      await removeAccount(file, username, options);
      await audit({ action: 'user.remove', target: username.toLowerCase() });
      console.log(`Removed ${username}.`);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof AccountError ? error.message : error);
    process.exit(1);
  },
);
