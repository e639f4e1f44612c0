// Who takes the minutes next: the duty goes round the network's members like the others
// (src/planning/rotation.ts goes round units; minutes are written by a person). Pure.
//
// Fewest turns first, so that over the members who stay every one has written before anyone
// writes a second time; among those, the longest wait (never first), then who joined first, then
// id. Not the leader while others can (the leader runs the gathering), and not last time's
// note-taker when another can take it.

export interface NoteTakerCandidate {
  participantId: number;
  isLeader: boolean;
  joinedOn: string;
}

export interface NoteTakerTurn {
  date: string;
  participantId: number;
}

export interface NoteTakerProposal {
  participantId: number;
  /** When the person last took the minutes (before this gathering), or null. */
  lastDate: string | null;
  /** How many of the network's minutes they have taken before this gathering. */
  turns: number;
}

export function nextNoteTaker(
  members: NoteTakerCandidate[],
  history: NoteTakerTurn[],
  date: string,
): NoteTakerProposal | undefined {
  const before = history.filter((turn) => turn.date < date).sort((a, b) => a.date.localeCompare(b.date));
  const others = members.filter((m) => !m.isLeader);
  const pool = others.length > 0 ? others : members;
  const last = new Map<number, string>();
  const turns = new Map<number, number>();
  for (const turn of before) {
    last.set(turn.participantId, turn.date);
    turns.set(turn.participantId, (turns.get(turn.participantId) ?? 0) + 1);
  }
  const previous = before.at(-1)?.participantId;
  const ranked = [...pool].sort(
    (a, b) =>
      (turns.get(a.participantId) ?? 0) - (turns.get(b.participantId) ?? 0) ||
      (last.get(a.participantId) ?? '').localeCompare(last.get(b.participantId) ?? '') ||
      a.joinedOn.localeCompare(b.joinedOn) ||
      a.participantId - b.participantId,
  );
  const fewest = turns.get(ranked[0]?.participantId ?? -1) ?? 0;
  const due = ranked.filter((m) => (turns.get(m.participantId) ?? 0) === fewest);
  const pick = due.find((m) => m.participantId !== previous) ?? ranked[0];
  if (!pick) return undefined;
  return {
    participantId: pick.participantId,
    lastDate: last.get(pick.participantId) ?? null,
    turns: turns.get(pick.participantId) ?? 0,
  };
}
