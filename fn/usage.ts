// The one-line synopsis of each command, shared by the top-level usage and the command's own,
// so the two never disagree.
import { FUNCTION_NAME } from '../src/constants.js';

export const CHECK_SYNOPSIS = `${FUNCTION_NAME} check [--format text|json|github] [--generated auto|require|ignore] [--max-input-size SIZE] PATH...|-`;
export const EXPLAIN_SYNOPSIS = `${FUNCTION_NAME} explain IMAGE [--cluster NAME] [--namespace NS] [--from spec|committed] [--format text|json] [--max-input-size SIZE] PATH...|-`;
export const REGISTRIES_CONF_SYNOPSIS = `${FUNCTION_NAME} registries-conf [--cluster NAME] [--namespace NS] [--all] [--from spec|committed] [--max-input-size SIZE] PATH...|-`;
export const PROBE_SYNOPSIS = `${FUNCTION_NAME} probe [--cluster NAME] [--namespace NS] [--image REF]... [--images FILE]... [--authfile FILE] [--cert-dir DIR] [--require-mirror] [--format text|json|github] [options] PATH...|-`;
