/**
 * Pure: every image rule in one place. Formats and sizes (of data URLs and of binary files, read
 * from their bytes), URLs, and how many images each mode takes. Videos and audio: media.ts.
 */
import { formatBytes, SeedanceInputError } from '../shared/errors';
import { InlineFile, type MediaUrl } from './inlineFile';
import { dataUrlBytes, dataUrlHead, isAssetUrl, isBase64, splitDataUrl } from './media';
import { IMAGE_COUNT, MODE_NAMES, type GenerationMode, type ModelInfo } from './models';

export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;
/** Enough of an image to know its format and dimensions (a JPEG with longer metadata is read whole). */
export const IMAGE_HEAD_BYTES = 256 * 1024;
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'] as const;
/** HEIC/HEIF: taken by 2.x only (the catalogue's `imageFormats` says which model takes what). */
export const ALL_IMAGE_FORMATS = [...IMAGE_FORMATS, 'heic', 'heif'] as const;
export type ImageFormat = (typeof ALL_IMAGE_FORMATS)[number];

export interface ImageInput {
	/** How the user would name it: "Reference image 2", "First frame". */
	label: string;
	/** An http(s) URL, an `asset://…` ID, a `data:image/<format>;base64,` URL, or a binary file sent inline. */
	url: MediaUrl;
}

const FIGURE_REFERENCE = /\[(?:figure|image|图)\s*(\d+)\]/gi;

/** An inline image's format against the model's, and its size against the cap. */
function checkInlineImage(label: string, format: string | undefined, bytes: number, model: ModelInfo | undefined): void {
	const formats: readonly string[] = model?.imageFormats ?? ALL_IMAGE_FORMATS;
	if (format && model && (ALL_IMAGE_FORMATS as readonly string[]).includes(format) && !formats.includes(format)) {
		throw new SeedanceInputError(
			`${label} is ${format.toUpperCase()}, which ${model.name} doesn't take`,
			`Convert it to one of ${formats.join(', ')}, or choose a Seedance 2.x model (they take HEIC/HEIF).`,
		);
	}
	if (!format || !formats.includes(format)) {
		throw new SeedanceInputError(
			`${label} is not a valid image data URL`,
			`A data URL must look like "data:image/png;base64,…" with one of the formats ${formats.join(', ')} in lower case.`,
		);
	}
	if (bytes > MAX_IMAGE_BYTES) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(bytes)}; Seedance accepts up to ${formatBytes(MAX_IMAGE_BYTES)} per image`,
			'Use a smaller or more compressed image (JPEG or WebP), or pass it as a public URL.',
		);
	}
}

export function validateImageUrl(image: ImageInput, model: ModelInfo | undefined): void {
	if (image.url instanceof InlineFile) {
		checkInlineImage(image.label, image.url.mimeType.replace(/^image\//, ''), image.url.bytes, model);
		return;
	}
	const url = image.url.trim();
	if (url === '') {
		throw new SeedanceInputError(
			`${image.label} has no URL`,
			'Enter a public http(s) URL of the image, or switch its source to "Binary File".',
		);
	}
	if (url.startsWith('data:')) {
		const size = dataUrlBytes(url);
		const parts = splitDataUrl(url);
		const wellFormed = parts?.kind === 'image' && /^[a-z]+$/.test(parts.type) && parts.payload !== '' && isBase64(parts.payload);
		const declared = wellFormed ? parts.type : undefined;
		checkInlineImage(image.label, declared, size, model);
		// The label is only what the URL says: its bytes are checked as a binary file's are
		// (format, dimensions), so a text file or a 10×10 PNG is refused before anything is paid.
		const head = dataUrlHead(url, IMAGE_HEAD_BYTES);
		const bytes = head.length < size && !headIsEnough(head) ? dataUrlHead(url, size) : head;
		checkInlineImage(image.label, checkImageBytes(image.label, bytes, `image/${declared}`, size), size, model);
		return;
	}
	if (isAssetUrl(url)) return;
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw new SeedanceInputError(
			`${image.label} is not an http(s) URL: "${url.length > 80 ? url.slice(0, 77) + '…' : url}"`,
			'Use a public URL starting with https:// (or http://), a "data:image/…;base64," URL, an asset://… ID, or switch the source to "Binary File" to send a file from an earlier node.',
		);
	}
}

// ---- Binary files: format, size and dimensions from the bytes ----------------------------------------

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

/**
 * Seedance's image rules: 300–6000 px a side, width/height from 0.4 to 2.5, under 30 MB.
 * `bytes` may be the file's first bytes only (its header), with `size` the whole file's size.
 */
export function checkImageBytes(label: string, bytes: Buffer, declaredMimeType?: string, size = bytes.length): ImageFormat {
	const format = detectImageFormat(bytes);
	if (!format) {
		throw new SeedanceInputError(
			`${label} is not an image Seedance accepts${declaredMimeType ? ` (its type is ${declaredMimeType})` : ''}`,
			'Seedance takes JPEG, PNG, WebP, BMP, TIFF or GIF images (2.x also HEIC/HEIF). Convert the file, or check that the binary field holds the image.',
		);
	}
	if (size > MAX_IMAGE_BYTES) {
		throw new SeedanceInputError(
			`${label} is ${formatBytes(size)}; Seedance accepts up to ${formatBytes(MAX_IMAGE_BYTES)} per image`,
			'Resize or compress the image (JPEG or WebP) before this node, e.g. with the Edit Image node.',
		);
	}
	const dimensions = imageDimensions(bytes, format);
	if (dimensions && dimensions.width > 0 && dimensions.height > 0) {
		const { width, height } = dimensions;
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

/** Whether a file's first bytes are enough to check it: a JPEG's frame size may come after long metadata. */
export function headIsEnough(head: Buffer): boolean {
	const format = detectImageFormat(head);
	return format !== 'jpeg' || imageDimensions(head, format) !== undefined;
}

// ---- How many images ---------------------------------------------------------------------------------

export function validateFigureReferences(prompt: string, imageCount: number): void {
	for (const match of prompt.matchAll(FIGURE_REFERENCE)) {
		const n = Number(match[1]);
		if (n < 1 || n > imageCount) {
			throw new SeedanceInputError(
				`The prompt names ${match[0]} but only ${imageCount} reference image${imageCount === 1 ? ' is' : 's are'} given`,
				`Reference images are numbered in the order you add them: [Figure 1] to [Figure ${imageCount}]. Add the missing image or fix the prompt.`,
			);
		}
	}
}

export function validateFrameImages(mode: GenerationMode, images: ImageInput[]): void {
	const count = IMAGE_COUNT[mode];
	if (images.length < count.min || images.length > count.max) {
		const wanted = count.min === count.max ? `${count.min}` : `${count.min} to ${count.max}`;
		throw new SeedanceInputError(
			`"${MODE_NAMES[mode]}" takes ${wanted} image${count.max === 1 ? '' : 's'}, but ${images.length} ${images.length === 1 ? 'was' : 'were'} given`,
			'Set an image for each frame.',
		);
	}
}

export function validateReferenceImagesOnly(model: ModelInfo | undefined, images: ImageInput[]): void {
	const max = model?.references?.max.image ?? Infinity;
	if (images.length < 1 || images.length > max) {
		const wanted = Number.isFinite(max) ? `1 to ${max}` : 'at least 1';
		throw new SeedanceInputError(
			`"${MODE_NAMES.referenceImages}" takes ${wanted} images, but ${images.length} ${images.length === 1 ? 'was' : 'were'} given`,
			`Add ${wanted} reference images (a product, a character, a place)${model ? `: ${model.name} takes up to ${max}` : ''}.`,
		);
	}
}
