import { recordAudit, type AuditContext } from '../audit/record';
import { feedGatherings } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { issueRsvpTokens } from '../invitations/queries';
import { gatheringMailParams, mailEnvelope, type MailOptions } from '../invitations/send';
import { enqueueEmails } from '../mail/outbox';
import { insertVersion, invitedReaders, minutesVersions } from './queries';
import { changedSections, type MinutesSnapshot } from './snapshot';

/**
 * Publishes the minutes as their next version and emails everyone invited, in the caller's
 * transaction: the first publication as the minutes, a later one as updated minutes naming the
 * parts that changed. Each email carries a fresh invitation link to read them without signing
 * in (only its hash is stored) and the print view's address. Returns the version and how many were told.
 */
export async function publishMinutes(
  trx: Db,
  audit: AuditContext,
  input: { gatheringId: number; regionId: number; snapshot: MinutesSnapshot; publishedBy: number },
  mail: MailOptions,
): Promise<{ version: number; sent: number }> {
  const [previous] = await minutesVersions(trx, input.gatheringId);
  const version = await insertVersion(trx, input.gatheringId, input.snapshot, input.publishedBy);
  const [gathering] = await feedGatherings(trx, { gatheringIds: [input.gatheringId] });
  const readers = gathering ? await invitedReaders(trx, input.gatheringId) : [];
  const tokens = await issueRsvpTokens(
    trx,
    readers.map((r) => r.invitationId),
  );
  const changes = previous ? changedSections(previous.snapshot, input.snapshot) : [];
  const printUrl = new URL(`/gatherings/${input.gatheringId}/minutes/print`, mail.baseUrl).toString();
  if (gathering)
    await enqueueEmails(
      trx,
      readers.map((reader, i) => ({
        template: 'minutes',
        ...mailEnvelope(reader, mail),
        params: {
          context: previous ? 'update' : undefined,
          name: reader.name,
          ...gatheringMailParams(gathering, reader.language),
          version,
          changes,
          printUrl,
        },
        // The invitation link is the key to the gathering's pages: never kept once the message is sent.
        secretParams: { readUrl: new URL(`/rsvp/${tokens[i] as string}/minutes`, mail.baseUrl).toString() },
      })),
      new URL(mail.baseUrl).hostname,
    );
  await recordAudit(trx, audit, {
    action: 'publishMinutes',
    entityType: 'gatherings',
    entityId: input.gatheringId,
    regionId: input.regionId,
    after: { version, queued: readers.length },
  });
  return { version, sent: readers.length };
}
