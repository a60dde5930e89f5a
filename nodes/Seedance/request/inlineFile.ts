/**
 * A binary file sent inline, as a base64 data URL inside the JSON body, without ever holding that
 * data URL as a string. The file is checked from its first bytes and its size (form/mediaSources.ts);
 * the body holds this stand-in; `jsonPayload` reads each file only while it writes the bytes sent.
 *
 * Memory, for one item with four 7 MB images: the bytes sent (37 MB) plus one slice of a file
 * being read. Building data URL strings cost 28 MB of files, 37 MB of data URLs, 37 MB of JSON
 * text and the 37 MB sent, all at once.
 */
import { SeedanceInputError } from '../shared/errors';

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

/** Encoding in slices (a multiple of 3 bytes) keeps the base64 text of one slice in memory, not of a file; also the size files are read in. */
export const SLICE_BYTES = 3 * 64 * 1024;

/**
 * A request body as the bytes to send: JSON, with each inline file's data URL written straight
 * into the buffer. A file whose size changed since it was checked is refused before anything is sent.
 */
export async function jsonPayload(body: unknown): Promise<Buffer> {
	const files: InlineFile[] = [];
	const marker = `\u0000inline-${Math.random().toString(36).slice(2)}-`;
	// The holder's own value, not `value`: JSON.stringify hands a replacer what toJSON gave.
	const text = JSON.stringify(body, function (this: Record<string, unknown>, key: string, value: unknown) {
		const original = this[key];
		if (original instanceof InlineFile) {
			files.push(original);
			return `${marker}${files.length - 1}`;
		}
		return value;
	});
	if (files.length === 0) return Buffer.from(text);
	// JSON writes the marker's NUL as \u0000: split the text where each quoted marker stands.
	const quoted = (index: number) => JSON.stringify(`${marker}${index}`);
	const parts: string[] = [];
	let rest = text;
	for (let index = 0; index < files.length; index++) {
		const stand = quoted(index);
		const at = rest.indexOf(stand);
		parts.push(rest.slice(0, at));
		rest = rest.slice(at + stand.length);
	}
	parts.push(rest);

	const total = parts.reduce((sum, part) => sum + Buffer.byteLength(part), 0) + files.reduce((sum, file) => sum + file.dataUrlLength + 2, 0);
	const payload = Buffer.allocUnsafe(total);
	let offset = payload.write(parts[0], 0);
	for (let index = 0; index < files.length; index++) {
		const file = files[index];
		offset += payload.write(`"${file.prefix}`, offset, 'latin1');
		offset = await writeBase64(file, payload, offset);
		offset += payload.write('"', offset, 'latin1');
		offset += payload.write(parts[index + 1], offset);
	}
	return payload;
}

/**
 * A file's base64, slice by slice, into `payload` at `offset`; answers the offset after it. The
 * bytes left over from a slice (base64 encodes 3 at a time) go with the next one.
 */
async function writeBase64(file: InlineFile, payload: Buffer, offset: number): Promise<number> {
	let carry = Buffer.alloc(0);
	let read = 0;
	const changed = () =>
		new SeedanceInputError(
			`An inline ${file.mimeType} file is no longer the ${file.bytes} bytes it was when checked; nothing was sent`,
			'Its binary field changed while the node ran. Run the workflow again.',
		);
	for await (const slice of await file.read()) {
		read += slice.length;
		if (read > file.bytes) throw changed();
		const bytes = carry.length ? Buffer.concat([carry, slice]) : slice;
		const whole = bytes.length - (bytes.length % 3);
		for (let start = 0; start < whole; start += SLICE_BYTES) {
			offset += payload.write(bytes.toString('base64', start, Math.min(start + SLICE_BYTES, whole)), offset, 'latin1');
		}
		carry = Buffer.from(bytes.subarray(whole));
	}
	if (read !== file.bytes) throw changed();
	return offset + payload.write(carry.toString('base64'), offset, 'latin1');
}
