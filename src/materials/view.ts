import type { Actor } from '../access/actor';
import { canDeleteMaterial, canShareMaterial } from '../access/policy';
import { formatDate } from '../kernel/dates';
import type { Language, Translate } from '../kernel/i18n';
import { downloadName } from './content';
import type { LibraryMaterial, Material } from './queries';

/** A file's size as people read it: "340 kB", "2,4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** A material as a list shows it: its link (`href`), name, agenda item, size and what the reader may do with it. */
export function materialRow(
  material: Material,
  href: (material: Material) => string,
  actor?: { actor: Actor; networks: { id: number; regionId: number }[] },
) {
  return {
    id: material.id,
    href: href(material),
    fileName: downloadName(material.fileName, material.mediaType),
    itemTitle: material.itemTitle,
    size: sizeText(material.byteSize),
    uploader: material.uploaderName ?? '',
    shared: material.sharedWithRegion,
    mayDelete: actor ? canDeleteMaterial(actor.actor, material, actor.networks) : false,
    mayShare: actor ? canShareMaterial(actor.actor, material) : false,
  };
}

/** A library's materials by their gathering's topic, topics in the order their newest gathering came. */
export function byTopic(materials: LibraryMaterial[], t: Translate, language: Language) {
  const groups = new Map<string, { topic: string; materials: ReturnType<typeof libraryRow>[] }>();
  for (const material of materials) {
    const topic = material.topic.trim() || t('materials.noTopic');
    const key = topic.toLocaleLowerCase('nb');
    const group = groups.get(key) ?? { topic, materials: [] };
    group.materials.push(libraryRow(material, language));
    groups.set(key, group);
  }
  return [...groups.values()];
}

const libraryRow = (material: LibraryMaterial, language: Language) => ({
  ...materialRow(material, (m) => `/materials/${m.id}`),
  date: formatDate(material.startsAt, language),
  networkName: material.networkName,
  gatheringHref: `/gatherings/${material.gatheringId}/materials`,
});
