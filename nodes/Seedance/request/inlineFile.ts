/**
 * Pure: a binary file sent inline, as a base64 data URL inside the JSON body, without ever holding
 * that data URL, or the body, whole. The file is checked from its first bytes and its size
 * (form/mediaSources.ts); the body holds this stand-in; http/requestBody.ts writes each file in
 * slices only while the request goes out, so one item with four 7 MB images holds a few slices,
 * not four copies of 37 MB (file, data URL, JSON text, bytes sent).
 */

export class InlineFile {
	constructor(
		/** `image/png`, `audio/mp3`: the format read from the bytes, not the name the file came with. */
		readonly mimeType: string,
		/** The file's size in bytes. */
		readonly bytes: number,
		/** The file in slices (any sizes), read only when its request is written. */
		readonly read: () => Promise<AsyncIterable<Buffer> | Iterable<Buffer>>,
	) {}

	get prefix(): string {
		return `data:${this.mimeType};base64,`;
	}

	/** The data URL's length: ASCII, which JSON never escapes. */
	get dataUrlLength(): number {
		return this.prefix.length + Math.ceil(this.bytes / 3) * 4;
	}

	/** A stand-in if anything ever serializes a body without `jsonPayload`: the API would refuse it, never pay for it. */
	toJSON(): string {
		return `[inline ${this.mimeType}, ${this.bytes} bytes]`;
	}
}

export type MediaUrl = string | InlineFile;

/** A URL as text (trimmed); an inline file as it is. */
export function trimmedUrl(url: MediaUrl): MediaUrl {
	return typeof url === 'string' ? url.trim() : url;
}

/** Files are read in slices of this size (a multiple of 3 bytes, so each encodes on its own). */
export const SLICE_BYTES = 3 * 64 * 1024;

