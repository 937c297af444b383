// The typed shapes of the mirror lists, once validation has checked them.

export interface TagMirrorEntry {
  source: string;
  mirrors: string[];
  mirrorSourcePolicy?: string;
}

export interface DigestMirrorEntry {
  source: string;
  mirrors: string[];
}

export interface MirrorInput {
  imageContentSources: DigestMirrorEntry[];
  imageTagMirrorSet: TagMirrorEntry[];
}
