import type { Db } from '../db/knex';
import { likePattern } from '../db/likePattern';
import { PAGE_SIZE } from '../kernel/pagination';
import type { MailScope } from './queueState';

export const STATUSES = ['queued', 'sent', 'failed'] as const;

/** One page of the mail log, newest first, within what the reader may see (`scope`). */
export function emailLogPage(
  db: Db,
  scope: MailScope,
  filters: { status?: (typeof STATUSES)[number]; network?: number; page: number },
) {
  const query = db('outgoing_emails as e')
    .leftJoin('networks as n', 'n.id', 'e.network_id')
    .select(
      'e.id',
      'e.to_email as to',
      'e.subject',
      'e.status',
      'e.attempts',
      'e.last_error as lastError',
      'e.created_at as createdAt',
      'e.sent_at as sentAt',
      'n.name as networkName',
    )
    .select(db.raw('count(*) over () as total'))
    .orderBy('e.id', 'desc')
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE);
  query.modify(scope);
  if (filters.status) query.where('e.status', filters.status);
  if (filters.network) query.where('e.network_id', filters.network);
  return query as unknown as Promise<
    {
      id: number;
      to: string;
      subject: string;
      status: string;
      attempts: number;
      lastError: string | null;
      createdAt: Date;
      sentAt: Date | null;
      networkName: string | null;
      total: number;
    }[]
  >;
}

/** A message's region and network, which say who may send it again. */
export async function findEmail(db: Db, id: number) {
  return db('outgoing_emails').where({ id }).first('id', { regionId: 'region_id', networkId: 'network_id' });
}

/** The development mailbox's latest messages, optionally to one address. */
export async function devMailboxMessages(db: Db, to: string | undefined) {
  return db('dev_mailbox')
    .modify((q) => {
      if (to) q.whereILike('to_email', likePattern(to));
    })
    .select(
      'id',
      'to_email as to',
      'subject',
      'reply_to as replyTo',
      'ical_method as icalMethod',
      'created_at as createdAt',
    )
    .orderBy('id', 'desc')
    .limit(50);
}

export async function devMailboxMessage(db: Db, id: number) {
  return db('dev_mailbox').where({ id }).first();
}
