import { createHash } from 'node:crypto';
import { recordAudit } from '../audit/record';
import { containsFnr } from '../privacy/fnr';
import type { Db } from '../db/knex';
import { invitationByEmail } from '../invitations/queries';
import type { InvitationConfig } from '../invitations/send';
import { answerInvitation } from '../invitations/standIns';
import { clientName, type ItipAnswer } from './itip';
import { decideOutcome, type Outcome } from './outcome';
import { answerSeen, gatheringByUid, insertCalendarReply, messageSeen, regionOfGathering } from './queries';

/** A Message-ID is the sender's free text: only its hash is kept, which is all idempotence needs. */
const storedMessageId = (messageId: string) => `sha256:${createHash('sha256').update(messageId).digest('hex')}`;

/** What a stranger wrote (an address, a PRODID) is kept only if the privacy guard passes it. */
const guarded = (text: string) => (containsFnr(text) ? '' : text);

/**
 * Handles one calendar answer in one transaction: decides what becomes of it (outcome.ts), keeps
 * the message with its outcome for the leader, and records an accepted answer with the same
 * command as the answer link (`answerInvitation`: the answer, and a stand-in told they need not
 * come). Undefined when this message (by Message-ID) was handled before: nothing is written twice.
 */
export async function recordCalendarAnswer(
  db: Db,
  input: { messageId: string; senders: string[]; itip: ItipAnswer; mailConfig: InvitationConfig; now?: Date },
): Promise<Outcome | undefined> {
  const { itip } = input;
  try {
    return await db.transaction(async (trx) => {
      if (await messageSeen(trx, storedMessageId(input.messageId))) return undefined;
      const gathering = await gatheringByUid(trx, itip.uid);
      // Locked: two answers from one person are decided one after the other.
      const invitation = gathering ? await invitationByEmail(trx, gathering.id, itip.attendee) : undefined;
      const decision = decideOutcome({
        itip,
        senders: input.senders,
        gathering,
        invitation,
        seenBefore: invitation ? await answerSeen(trx, invitation.id, itip) : false,
        now: input.now ?? new Date(),
      });
      await insertCalendarReply(trx, {
        messageId: storedMessageId(input.messageId),
        gatheringId: gathering?.id,
        invitationId: invitation?.id,
        method: itip.method,
        attendeeEmail: guarded(itip.attendee.slice(0, 254)),
        senderEmail: guarded((input.senders[0] ?? '').slice(0, 254)),
        client: guarded(clientName(itip.prodid)),
        sequence: itip.sequence,
        dtstamp: itip.dtstamp,
        answer: itip.answer,
        proposed: decision.outcome === 'counter' ? itip.proposed : undefined,
        outcome: decision.outcome,
        reason: decision.outcome === 'refused' ? decision.reason : undefined,
      });
      if (decision.outcome === 'recorded' && gathering && invitation) {
        const audit = { actorId: invitation.participantId, actorName: invitation.name, requestId: input.messageId };
        await answerInvitation(trx, {
          invitation,
          answer: decision.answer,
          startsAt: gathering.startsAt,
          person: invitation,
          mailConfig: input.mailConfig,
          audit,
        });
        await recordAudit(trx, audit, {
          action: 'calendarAnswer',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: await regionOfGathering(trx, gathering.id),
          after: { answer: decision.answer },
        });
      }
      return decision;
    });
  } catch (error) {
    // The same message handled at the same moment by another connection: it was recorded there.
    if ((error as { constraint?: string }).constraint === 'calendar_replies_message_id_unique') return undefined;
    throw error;
  }
}
