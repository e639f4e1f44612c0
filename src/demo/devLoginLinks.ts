import { activePersonByEmail } from '../accounts/people';
import type { Db } from '../db/knex';
import { DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL, DEMO_PARTICIPANT_EMAIL } from './demoData';
import { issueLoginToken } from '../accounts/loginTokens';

// Long enough to try every role during a working day; each link still works once.
const DEV_LINK_VALIDITY_MS = 12 * 60 * 60 * 1000;

/** Development only: one sign-in link per demo role, so a new user can try each at once. */
export async function devLoginLinks(db: Db, baseUrl: string): Promise<{ role: string; name: string; url: string }[]> {
  const roles = [
    { role: 'KORUS-admin', email: DEMO_KORUS_ADMIN_EMAIL },
    { role: 'Nettverksleder', email: DEMO_LEADER_EMAIL },
    { role: 'Deltaker', email: DEMO_PARTICIPANT_EMAIL },
  ];
  const links = [];
  for (const { role, email } of roles) {
    const person = await activePersonByEmail(db, email);
    if (!person) continue;
    const token = await issueLoginToken(db, person.id, DEV_LINK_VALIDITY_MS);
    links.push({ role, name: person.name, url: `${baseUrl}/login/verify?token=${token}` });
  }
  return links;
}
