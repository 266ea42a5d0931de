/** Container image references: an explicit tag or digest is required, `latest` is refused. */

const REPO = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses an image reference, or returns a problem and its fix. */
export function parseImage(ref: string): ImageRef | { problem: string; fix: string } {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const repository = colon > slash ? name.slice(0, colon) : name;
  const example = `${repository || 'registry.example.com/agent'}:1.0.0`;
  if (!REPO.test(repository)) {
    return { problem: `"${ref}" is not a valid image reference.`, fix: `use lower-case registry/path:tag, e.g. "${example}".` };
  }
  if (digest !== undefined && !DIGEST.test(digest)) {
    return { problem: `"${ref}" has a malformed digest.`, fix: 'use @sha256: followed by 64 hex digits.' };
  }
  if (tag !== undefined && !TAG.test(tag)) {
    return { problem: `"${ref}" has an invalid tag "${tag}".`, fix: `use a tag such as "${example}".` };
  }
  if (tag === undefined && digest === undefined) {
    return { problem: `"${ref}" has no tag or digest, so what runs would change under you.`, fix: `pin a version, e.g. "${example}", or a digest (@sha256:...).` };
  }
  if (tag?.toLowerCase() === 'latest' && digest === undefined) {
    return { problem: `"${ref}" uses the "latest" tag, which is not a pin.`, fix: `name an exact version, e.g. "${example}", or add a digest.` };
  }
  return { repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
