import type { Db } from '../db/knex';
import type { MailOptions } from '../invitations/send';
import { type EmailRequest, enqueueEmails } from '../mail/outbox';
import { issueMandateLinks, type MandateToAsk, mandatesToAsk } from './queries';

/**
 * Asks the unit managers to confirm the mandate of the network's members not yet confirmed: one
 * email per manager, with a link per person (only their hashes are stored), queued in the
 * caller's transaction. Answers go to the network's leader. Returns how many people were asked about.
 */
export async function requestMandates(
  trx: Db,
  network: { id: number; name: string },
  options: MailOptions,
): Promise<number> {
  const toAsk = await mandatesToAsk(trx, network.id);
  if (toAsk.length === 0) return 0;
  const tokens = await issueMandateLinks(
    trx,
    toAsk.map((m) => m.membershipId),
  );
  const byManager = new Map<string, MandateToAsk[]>();
  for (const m of toAsk) {
    const key = m.managerEmail.toLowerCase();
    byManager.set(key, [...(byManager.get(key) ?? []), m]);
  }
  const emails: EmailRequest[] = [...byManager.values()].map((people) => {
    const manager = people[0] as MandateToAsk;
    return {
      template: 'mandateRequest',
      to: { email: manager.managerEmail, language: manager.managerLanguage },
      networkId: options.networkId,
      regionId: options.regionId,
      replyTo: options.organizer.email,
      params: {
        managerName: manager.managerName,
        networkName: network.name,
        leaderName: options.organizer.name,
        people: people.map((p) => ({ name: p.personName, unit: `${p.organisation} – ${p.unitName}` })),
      },
      // The links confirm without signing in: never kept once the message is sent.
      secretParams: {
        links: people.map((p) => ({
          name: p.personName,
          url: new URL(`/mandate/${tokens.get(p.membershipId)}`, options.baseUrl).toString(),
        })),
      },
    };
  });
  await enqueueEmails(trx, emails, new URL(options.baseUrl).hostname);
  return toAsk.length;
}
