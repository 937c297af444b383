// How every YAML text we write is styled.
import type { CreateNodeOptions, ToStringOptions } from 'yaml';

/**
 * No line folding (long base64 data URLs and messages stay on one line), no anchors for
 * repeated objects, and sequences written compact, as kpt and kustomize write them.
 */
export const YAML_STYLE: ToStringOptions & CreateNodeOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: false,
  aliasDuplicateObjects: false,
};
