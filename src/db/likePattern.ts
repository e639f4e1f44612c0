/** A LIKE/ILIKE pattern matching `text` anywhere, with its wildcards escaped: a search for "50%" finds "50%". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
