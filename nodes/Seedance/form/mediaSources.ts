/**
 * Where an image, video or audio clip comes from (a URL, a binary field of the input item, an
 * asset ID): the one form piece, the one reader, and the step that turns what was read into URLs
 * the body can carry (a binary file is checked by request/ from its first bytes and its size, and
 * goes inline: request/inlineFile.ts reads it again only while writing the request).
 *
 * Three forms use it, each with the parameter names its saved workflows already carry: the frame
 * operations' flat fields (`firstFrameSource`, `firstFrameUrl`, `firstFrameBinaryProperty`), the
 * Reference Images collection (`referenceImages.image[]`: source, url, binaryProperty) and the
 * multimodal collections (`referenceImageItems.image[]`… with assetId). Saved names of node versions
 * 1 and 1.1 can't change, and a new node version only to rename parameters would give users nothing
 * but a migration: so the names are parameters here and the logic is one.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { checkImageBytes, headIsEnough, IMAGE_HEAD_BYTES, type ImageFormat } from '../request/images';
import { InlineFile, SLICE_BYTES } from '../request/inlineFile';
import { assetUrl, checkAudioBytes, type MediaInput } from '../request/media';
import type { MediaKind } from '../request/models';
import { SeedanceInputError } from '../shared/errors';
import type { ItemParameters } from './itemParameters';

/** Where one image, video or audio clip comes from, as the form says. */
export interface MediaSource {
	label: string;
	source: 'url' | 'binary' | 'asset';
	url?: string;
	binaryProperty?: string;
	/** For source 'asset': `asset-…` or `asset://asset-…`. */
	assetId?: string;
	/** A clip's length as the form gives it (reference videos); undefined: not given. */
	seconds?: number;
}

/** The parameter names of one source; `assetId` only where the form offers assets. */
export interface SourceFieldNames {
	source: string;
	url: string;
	binaryProperty: string;
	assetId?: string;
	/** A clip's length (reference videos). */
	seconds?: string;
}

export const IMAGE_SOURCES: INodePropertyOptions[] = [
	{ name: 'Image URL', value: 'url', description: 'A public http(s) URL, or a data:image/…;base64, URL' },
	{ name: 'Binary File', value: 'binary', description: 'An image file from an earlier node' },
];

export const ASSET_SOURCE: INodePropertyOptions = {
	name: 'Asset ID',
	value: 'asset',
	description: 'An asset from your Seedance asset library (asset://…), e.g. an approved real person',
};

export interface SourceForm {
	fields: SourceFieldNames;
	/** Starts every display name ("First Frame Source"); none inside a collection ("Source"). */
	label?: string;
	/** "URL" or "Image URL". */
	urlLabel: string;
	sources: INodePropertyOptions[];
	placeholder: string;
	/** What the binary field holds: "image", "video", "audio". */
	item: string;
	/** Fields on the form itself are required where shown; values in a collection are not marked. */
	required?: boolean;
}

/** Source, URL, binary field and (where offered) asset ID, each shown for its source. */
export function sourceFields(form: SourceForm): INodeProperties[] {
	const named = (part: string) => (form.label ? `${form.label} ${part}` : part);
	const shownFor = (source: string) => ({ displayOptions: { show: { [form.fields.source]: [source] } } });
	const required = form.required ? { required: true } : {};
	const fields: INodeProperties[] = [
		{ displayName: named('Source'), name: form.fields.source, type: 'options', default: 'url', options: form.sources },
		{
			displayName: named(form.urlLabel),
			name: form.fields.url,
			type: 'string',
			default: '',
			...required,
			placeholder: form.placeholder,
			...shownFor('url'),
		},
		{
			displayName: named('Binary Field'),
			name: form.fields.binaryProperty,
			type: 'string',
			default: 'data',
			...required,
			hint: `The name of the input item's binary field that holds the ${form.item}`,
			...shownFor('binary'),
		},
	];
	if (form.fields.assetId) {
		fields.push({
			displayName: 'Asset ID',
			name: form.fields.assetId,
			type: 'string',
			default: '',
			placeholder: 'e.g. asset-20260401123456-abcde',
			hint: 'An active asset of your Seedance asset library; sent as asset://<ID>',
			...shownFor('asset'),
		});
	}
	if (form.fields.seconds) {
		fields.push({
			displayName: 'Length (Seconds)',
			name: form.fields.seconds,
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				"Optional: the clip's length. Seedance bills input video by its seconds: with it the cost estimate (and a Spending Limit) is exact, and the node checks it against the model's clip limits. 0: not given (the estimate covers every length the model takes).",
		});
	}
	return fields;
}

/** The names inside a collection entry (Reference Images; the multimodal collections add assetId). */
const ENTRY_FIELDS: SourceFieldNames = { source: 'source', url: 'url', binaryProperty: 'binaryProperty' };

export interface SourceCollection extends Omit<SourceForm, 'fields' | 'label' | 'required'> {
	/** The parameter, e.g. `referenceImages`, and its entries' key, e.g. `image`. */
	name: string;
	entry: string;
	displayName: string;
	/** "Image": the entry's display name, and "Add Reference Image". */
	entryLabel: string;
	assets: boolean;
	/** Entries carry the clip's length (reference videos: input video is billed by its seconds). */
	length?: boolean;
	description: string;
}

/** The names inside one entry of a collection. */
function entryFields(collection: Pick<SourceCollection, 'assets' | 'length'>): SourceFieldNames {
	return {
		...ENTRY_FIELDS,
		...(collection.assets ? { assetId: 'assetId' } : {}),
		...(collection.length ? { seconds: 'seconds' } : {}),
	};
}

/** A sortable list of sources (reference images, videos or audio clips). */
export function sourceCollection(form: SourceCollection): INodeProperties {
	const fields = entryFields(form);
	return {
		displayName: form.displayName,
		name: form.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: `Add Reference ${form.entryLabel}` },
		placeholder: `Add Reference ${form.entryLabel}`,
		default: {},
		description: form.description,
		options: [{ name: form.entry, displayName: form.entryLabel, values: sourceFields({ ...form, fields }) }],
	};
}

/** One source, whatever its names: `get` reads a parameter (with the form's default) or an entry's value. */
function readSource(get: (name: string, fallback: string) => unknown, fields: SourceFieldNames, label: string): MediaSource {
	const chosen = get(fields.source, 'url');
	const source = chosen === 'binary' ? 'binary' : chosen === 'asset' && fields.assetId ? 'asset' : 'url';
	const text = (name: string, fallback: string) => {
		const value = get(name, fallback);
		return value === undefined ? undefined : String(value);
	};
	return {
		label,
		source,
		url: source === 'url' ? text(fields.url, '') : undefined,
		binaryProperty: source === 'binary' ? text(fields.binaryProperty, 'data') : undefined,
		assetId: source === 'asset' && fields.assetId ? text(fields.assetId, '') : undefined,
		seconds: fields.seconds ? clipLength(get(fields.seconds, ''), label) : undefined,
	};
}

/** Length (Seconds) as a number; 0 or empty: not given. */
function clipLength(raw: unknown, label: string): number | undefined {
	if (raw === undefined || raw === null || raw === '' || raw === 0) return undefined;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!Number.isFinite(value) || value < 0) {
		throw new SeedanceInputError(
			`${label}: Length (Seconds) must be a number from 0 up, not ${typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw)}`,
			"Enter the clip's length in seconds (e.g. 6.5), or 0 if you don't know it.",
		);
	}
	return value === 0 ? undefined : value;
}

/** A source from fields on the form itself (the frames). */
export function readSourceFields(parameters: ItemParameters, itemIndex: number, fields: SourceFieldNames, label: string): MediaSource {
	return readSource((name, fallback) => parameters.read(name, itemIndex, fallback), fields, label);
}

/** The sources of a collection, in the user's order, labelled "Reference image 1", … */
export function readSourceCollection(
	parameters: ItemParameters,
	itemIndex: number,
	collection: Pick<SourceCollection, 'name' | 'entry' | 'assets' | 'length'>,
	label: (position: number) => string,
): MediaSource[] {
	const fields = entryFields(collection);
	const value = parameters.read(collection.name, itemIndex, {}) as Record<string, IDataObject[] | undefined>;
	return (value[collection.entry] ?? []).map((entry, index) => readSource((name) => entry[name], fields, label(index + 1)));
}

export type Frame = 'firstFrame' | 'lastFrame';

/** On the form, and in messages ("First frame is not an http(s) URL…"). */
const FRAME_LABELS: Record<Frame, { form: string; message: string }> = {
	firstFrame: { form: 'First Frame', message: 'First frame' },
	lastFrame: { form: 'Last Frame', message: 'Last frame' },
};

/** A frame's fields are named after it: `firstFrameSource`, `firstFrameUrl`, `firstFrameBinaryProperty`. */
function frameFieldNames(frame: Frame): SourceFieldNames {
	return { source: `${frame}Source`, url: `${frame}Url`, binaryProperty: `${frame}BinaryProperty` };
}

/** The first or last frame: one image, from a URL or from a binary field. */
export function frameFields(frame: Frame): INodeProperties[] {
	return sourceFields({
		fields: frameFieldNames(frame),
		label: FRAME_LABELS[frame].form,
		urlLabel: 'URL',
		sources: IMAGE_SOURCES,
		placeholder: 'e.g. https://example.com/first-frame.png',
		item: 'image',
		required: true,
	});
}

export function readFrame(parameters: ItemParameters, itemIndex: number, frame: Frame): MediaSource {
	return readSourceFields(parameters, itemIndex, frameFieldNames(frame), FRAME_LABELS[frame].message);
}

/** A source's binary field, or an error that lists the fields the item has. */
function binaryField(context: IExecuteFunctions, itemIndex: number, spec: MediaSource) {
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
	const label = `${spec.label} (binary field "${property}"${binary.fileName ? `, ${binary.fileName}` : ''})`;
	const whole = async () => await context.helpers.getBinaryDataBuffer(itemIndex, property);
	/** In slices from n8n's store (filesystem, database, S3); what an item carries as base64, at once. */
	const slices = async (): Promise<AsyncIterable<Buffer> | Buffer[]> =>
		binary.id ? ((await context.helpers.getBinaryStream(binary.id, SLICE_BYTES)) as AsyncIterable<Buffer>) : [await whole()];
	return { binary, label, whole, slices };
}


/**
 * A file's first bytes and its size, without reading it whole: from n8n's binary data store
 * (filesystem, database, S3) as a stream and its metadata, or from the base64 the item carries.
 */
async function fileHead(context: IExecuteFunctions, binary: IBinaryData): Promise<{ head: Buffer; size: number }> {
	if (!binary.id) {
		return { head: Buffer.from(binary.data.slice(0, Math.floor(IMAGE_HEAD_BYTES / 3) * 4), 'base64'), size: Buffer.byteLength(binary.data, 'base64') };
	}
	const { fileSize } = await context.helpers.getBinaryMetadata(binary.id);
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of await context.helpers.getBinaryStream(binary.id, IMAGE_HEAD_BYTES)) {
		chunks.push(chunk as Buffer);
		length += (chunk as Buffer).length;
		if (length >= IMAGE_HEAD_BYTES) break; // leaving the loop closes the stream
	}
	return { head: Buffer.concat(chunks), size: Number(fileSize) };
}

/**
 * The rules one binary image is held to, from its first bytes (or all of them) and its size:
 * Seedance's by default, Seedream's for the Image operations. Answers the format its bytes have.
 */
export type ImageBytesCheck = (label: string, bytes: Buffer, declaredMimeType: string | undefined, size: number) => ImageFormat;

function emptyFile(label: string): SeedanceInputError {
	return new SeedanceInputError(
		`${label} is an empty file (0 bytes)`,
		'The node before this one gave an empty file: check that it read or downloaded the file, or use a URL instead.',
	);
}

/** URL and asset specs pass through; binary specs are checked and go inline (never as base64 text here). */
export async function resolveMedia(
	context: IExecuteFunctions,
	itemIndex: number,
	kind: MediaKind,
	specs: MediaSource[],
	checkImage: ImageBytesCheck = checkImageBytes,
): Promise<MediaInput[]> {
	const resolved: MediaInput[] = [];
	for (const spec of specs) {
		if (spec.source === 'asset') {
			resolved.push({ label: spec.label, url: assetUrl(spec.assetId ?? ''), seconds: spec.seconds });
			continue;
		}
		if (spec.source !== 'binary') {
			resolved.push({ label: spec.label, url: spec.url ?? '', seconds: spec.seconds });
			continue;
		}
		if (kind === 'video') {
			// The API takes videos only by URL or asset id, never inline.
			throw new SeedanceInputError(
				`${spec.label} comes from binary field "${(spec.binaryProperty ?? '').trim()}", but Seedance takes reference videos only by URL or asset ID`,
				'Upload the video where Seedance can fetch it (e.g. S3, Google Cloud Storage or any public file host, with an upload node before this one) and pass its https:// URL, or pass an asset://… ID. Binary images and audio clips can go inline; videos can\'t.',
			);
		}
		const { binary, label, whole, slices } = binaryField(context, itemIndex, spec);
		if (binary.id === undefined && binary.data === '') throw emptyFile(label);
		if (kind === 'audio') {
			// A clip's length is read from all of it; clips are at most 15 MB.
			const bytes = await whole();
			const { format, seconds } = checkAudioBytes(label, bytes, binary.mimeType);
			resolved.push({ label: spec.label, url: new InlineFile(`audio/${format}`, bytes.length, slices), seconds });
			continue;
		}
		const { head, size } = await fileHead(context, binary);
		if (size === 0) throw emptyFile(label);
		const checked = head.length < size && !headIsEnough(head) ? await whole() : head;
		const format = checkImage(label, checked, binary.mimeType, size);
		resolved.push({ label: spec.label, url: new InlineFile(`image/${format}`, size, slices) });
	}
	return resolved;
}
