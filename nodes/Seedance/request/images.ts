/**
 * Images from a URL or from a binary field of the input item.
 * The byte-level checks (format, size, dimensions) are pure; `resolveImages` is the thin n8n part.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { audioDataUrl, checkAudioBytes, type MediaInput } from './media';
import type { MediaKind } from './models';
import { SeedanceInputError } from '../shared/errors';
import {
	formatBytes,
	MAX_IMAGE_BYTES,
	type ImageFormat,
	type ImageInput,
} from './body';

/** Where one image, video or audio clip comes from, as the form says. */
export interface ImageSpec {
	label: string;
	source: 'url' | 'binary' | 'asset';
	url?: string;
	binaryProperty?: string;
	/** For source 'asset': `asset-…` or `asset://asset-…`. */
	assetId?: string;
}

export interface Dimensions {
	width: number;
	height: number;
}

/** The format by its magic bytes: a file's name or declared type can lie, its header can't. */
export function detectImageFormat(bytes: Buffer): ImageFormat | undefined {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
	if (bytes.length >= 6 && bytes.toString('latin1', 0, 4) === 'GIF8') return 'gif';
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
		return 'webp';
	if (bytes.length >= 2 && bytes.toString('latin1', 0, 2) === 'BM') return 'bmp';
	if (bytes.length >= 4 && ['II*\0', 'MM\0*'].includes(bytes.toString('latin1', 0, 4))) return 'tiff';
	if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
		const brand = bytes.toString('latin1', 8, 12);
		if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand)) return 'heic';
		if (['mif1', 'msf1', 'heif'].includes(brand)) return 'heif';
	}
	return undefined;
}

function jpegDimensions(bytes: Buffer): Dimensions | undefined {
	let offset = 2;
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1;
			continue;
		}
		const length = bytes.readUInt16BE(offset + 2);
		// SOF0…SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
			return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
		}
		offset += 2 + length;
	}
	return undefined;
}

function webpDimensions(bytes: Buffer): Dimensions | undefined {
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8 ' && bytes.length >= 30) {
		return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
	}
	if (chunk === 'VP8L' && bytes.length >= 25) {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X' && bytes.length >= 30) {
		return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	}
	return undefined;
}

/** Width and height from the header, where the format makes that cheap; undefined otherwise. */
export function imageDimensions(bytes: Buffer, format: ImageFormat): Dimensions | undefined {
	try {
		switch (format) {
			case 'png':
				return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
			case 'gif':
				return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
			case 'bmp':
				return { width: bytes.readInt32LE(18), height: Math.abs(bytes.readInt32LE(22)) };
			case 'jpeg':
				return jpegDimensions(bytes);
			case 'webp':
				return webpDimensions(bytes);
			default:
				return undefined;
		}
	} catch {
		// A truncated header: the size check is advisory, the API has the last word.
		return undefined;
	}
}

/** Seedance's image rules: 300–6000 px a side, width/height from 0.4 to 2.5, under 30 MB. */
export function checkImageBytes(label: string, bytes: Buffer, declaredMimeType?: string): ImageFormat {
	const format = detectImageFormat(bytes);
	if (!format) {
		throw new SeedanceInputError(
			`${label} is not an image Seedance accepts${declaredMimeType ? ` (its type is ${declaredMimeType})` : ''}`,
			'Seedance takes JPEG, PNG, WebP, BMP, TIFF or GIF images (2.x also HEIC/HEIF). Convert the file, or check that the binary field holds the image.',
		);
	}
	if (bytes.length > MAX_IMAGE_BYTES) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(bytes.length)}; Seedance accepts up to ${formatBytes(MAX_IMAGE_BYTES)} per image`,
			'Resize or compress the image (JPEG or WebP) before this node, e.g. with the Edit Image node.',
		);
	}
	const size = imageDimensions(bytes, format);
	if (size && size.width > 0 && size.height > 0) {
		const { width, height } = size;
		if (Math.min(width, height) < 300 || Math.max(width, height) > 6000) {
			throw new SeedanceInputError(
				`${label} is ${width}×${height} px; each side must be 300–6000 px`,
				'Resize the image (e.g. with the Edit Image node) so that both sides are between 300 and 6000 pixels.',
			);
		}
		const ratio = width / height;
		if (ratio < 0.4 || ratio > 2.5) {
			throw new SeedanceInputError(
				`${label} is ${width}×${height} px, a width/height ratio of ${ratio.toFixed(2)}; Seedance accepts 0.4 to 2.5`,
				'Crop the image to a less extreme shape (e.g. 16:9, 1:1 or 9:16).',
			);
		}
	}
	return format;
}

export function toDataUrl(bytes: Buffer, format: ImageFormat): string {
	return `data:image/${format};base64,${bytes.toString('base64')}`;
}

/** `asset://<id>`, whether the user typed the id alone or with the scheme. */
export function assetUrl(id: string): string {
	const trimmed = id.trim();
	return trimmed === '' || trimmed.startsWith('asset://') ? trimmed : `asset://${trimmed}`;
}

/** The bytes of a spec's binary field, or an error that lists the fields the item has. */
async function binaryBytes(context: IExecuteFunctions, itemIndex: number, spec: ImageSpec) {
	const property = (spec.binaryProperty ?? '').trim();
	const binary = context.getInputData()[itemIndex]?.binary?.[property];
	if (property === '' || !binary) {
		const available = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
		throw new SeedanceInputError(
			`${spec.label}: the input item has no binary field "${property}"`,
			available.length
				? `Binary fields on this item: ${available.join(', ')}. Set the field name to one of them.`
				: 'The item carries no binary data. Add a node before this one that loads the file (e.g. HTTP Request with "File" response, or Read/Write Files from Disk), or use a URL instead.',
		);
	}
	const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, property);
	const label = `${spec.label} (binary field "${property}"${binary.fileName ? `, ${binary.fileName}` : ''})`;
	return { bytes, label, mimeType: binary.mimeType };
}

/** URL and asset specs pass through; binary specs become data URLs after their bytes are checked. */
export async function resolveMedia(
	this: IExecuteFunctions,
	itemIndex: number,
	kind: MediaKind,
	specs: ImageSpec[],
): Promise<MediaInput[]> {
	const resolved: MediaInput[] = [];
	for (const spec of specs) {
		if (spec.source === 'asset') {
			resolved.push({ label: spec.label, url: assetUrl(spec.assetId ?? '') });
			continue;
		}
		if (spec.source !== 'binary') {
			resolved.push({ label: spec.label, url: spec.url ?? '' });
			continue;
		}
		if (kind === 'video') {
			// The API takes videos only by URL or asset id (seedance-api-2x.md, "Content items").
			throw new SeedanceInputError(
				`${spec.label} comes from binary field "${(spec.binaryProperty ?? '').trim()}", but Seedance takes reference videos only by URL or asset ID`,
				'Upload the video where Seedance can fetch it (e.g. S3, Google Cloud Storage or any public file host, with an upload node before this one) and pass its https:// URL, or pass an asset://… ID. Binary images and audio clips can go inline; videos can\'t.',
			);
		}
		const { bytes, label, mimeType } = await binaryBytes(this, itemIndex, spec);
		if (kind === 'audio') {
			const { format, seconds } = checkAudioBytes(label, bytes, mimeType);
			resolved.push({ label: spec.label, url: audioDataUrl(bytes, format), seconds });
		} else {
			resolved.push({ label: spec.label, url: toDataUrl(bytes, checkImageBytes(label, bytes, mimeType)) });
		}
	}
	return resolved;
}

/** Images from URL, asset or binary specs. */
export async function resolveImages(
	this: IExecuteFunctions,
	itemIndex: number,
	specs: ImageSpec[],
): Promise<ImageInput[]> {
	return await resolveMedia.call(this, itemIndex, 'image', specs);
}
