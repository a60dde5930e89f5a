/**
 * The Image → Generate form (Seedream) and its reader. The form is the same for every model; each
 * field says which models take it, and the request builder (request/imageBody.ts) refuses, before
 * anything is paid for, what the chosen model does not take, naming the field.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CREATE_CONCURRENCY, type CommonSettings } from '../api/settings';
import type { SeedanceConnection } from '../http/connection';
import {
	findImageModel,
	IMAGE_RATIOS,
	imagePresetSize,
	type ImageOutputFormat,
	type ImageRatio,
	type ImageTier,
	type PromptOptimisationMode,
} from '../request/imageModels';
import type { ImageSize } from '../request/imageBody';
import { SeedanceInputError } from '../shared/errors';
import { concurrencyOption, optionsCollection, rateLimitWaitOption, retriesOption } from './descriptions';
import { textParameter } from './generationForm';
import type { ItemParameters } from './itemParameters';
import { IMAGE_SOURCES, readSourceCollection, sourceCollection, type MediaSource, type SourceCollection } from './mediaSources';
import { readCommonOptions, readOptions } from './readers';

export const DEFAULT_IMAGE_MODEL = 'doubao-seedream-5-0-260128';
export const IMAGE_MODEL_SEARCH_METHOD = 'searchImageModels';
/**
 * A group of 15 large images can take minutes before its answer, and a request that times out
 * after it was sent may have made (and billed) its images: so the wait is long by default.
 */
export const DEFAULT_IMAGE_REQUEST_TIMEOUT_S = 600;

const REFERENCES: SourceCollection = {
	name: 'referenceImages',
	entry: 'image',
	displayName: 'Reference Images',
	entryLabel: 'Image',
	assets: false,
	urlLabel: 'Image URL',
	item: 'image',
	sources: IMAGE_SOURCES,
	placeholder: 'e.g. https://example.com/character.png',
	description:
		'Images to draw from (a product, a character, a style), in the order added: JPEG, PNG, WebP, BMP, TIFF or GIF, up to 10 MB, each side over 14 px, at most 36 megapixels, width/height 1/16 to 16. Up to 14 (5.0 Lite, 4.5, 4.0) or 10 (5.0 Pro, 5.0 Flash); references and images made count 15 together.',
};

const TIER_OPTIONS = [
	{ name: '1K (4.0, 5.0 Pro, 5.0 Flash)', value: '1K' },
	{ name: '1.5K (5.0 Pro, 5.0 Flash)', value: '1.5K' },
	{ name: '2K (All Models)', value: '2K' },
	{ name: '3K (5.0 Lite)', value: '3K' },
	{ name: '4K (5.0 Lite, 4.5, 4.0)', value: '4K' },
	{ name: 'Custom Width × Height', value: 'custom' },
];

export const imageFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: DEFAULT_IMAGE_MODEL },
		required: true,
		description: 'The Seedream model, newest first',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: IMAGE_MODEL_SEARCH_METHOD, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. doubao-seedream-5-0-260128, seedream-4-5-251128 or ep-20250101-abcde',
				hint: "A model ID in any provider's spelling, or a Volcengine endpoint ID (ep-…). A model the node does not know gets only the checks every model shares.",
			},
		],
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. A red vintage bicycle leaning on a sunlit brick wall, 35 mm photo, 16:9',
		hint: 'Up to about 600 English words (300 Chinese characters). With a size tier and no aspect ratio, name the ratio here ("a 16:9 poster"); for a group, say how many ("a series of 4 images of …").',
		description: 'What the image should show',
	},
	sourceCollection(REFERENCES),
	{
		displayName: 'Size',
		name: 'size',
		type: 'options',
		default: '2K',
		options: TIER_OPTIONS,
		description:
			'A resolution tier of the model, or your own width × height (checked against the model: 921,600–16,777,216 pixels on 4.0, 3,686,400–16,777,216 on 4.5 and 5.0 Lite, 921,600–4,624,220 on 5.0 Pro and Flash; width/height 1/16 to 16)',
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		default: 'prompt',
		displayOptions: { hide: { size: ['custom'] } },
		options: [
			{ name: 'From the Prompt (Model Decides)', value: 'prompt' },
			...IMAGE_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
		],
		description:
			"With a ratio, the node sends the model's documented size for the tier and ratio (e.g. 2K 16:9 on 5.0 Lite: 2848x1600); without, the tier alone, and the model takes the ratio from the prompt",
	},
	{
		displayName: 'Width (Pixels)',
		name: 'width',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 2048,
		displayOptions: { show: { size: ['custom'] } },
	},
	{
		displayName: 'Height (Pixels)',
		name: 'height',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 2048,
		displayOptions: { show: { size: ['custom'] } },
	},
	{
		displayName: 'Max Images',
		name: 'maxImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 15 },
		default: 1,
		description:
			'More than 1 asks for a group of related images (a story, a character sheet, variations) from one request: up to this many, the model decides how many from the prompt. 5.0 Lite, 4.5 and 4.0 only. Each image is one output item.',
	},
	optionsCollection([
		{
			...concurrencyOption,
			default: DEFAULT_CREATE_CONCURRENCY,
			description:
				"How many items are sent to Seedream at once (the first item's value counts for the run). A rate limit (429, e.g. images per minute) holds back every request of the run together. Output order stays the input order.",
		},
		{
			displayName: 'Download Images',
			name: 'downloadImages',
			type: 'boolean',
			default: true,
			description:
				'Whether to put each image on its item as binary data. Off: the items carry the URLs only (they answer for 24 hours).',
		},
		{
			displayName: 'Output Format (5.0)',
			name: 'outputFormat',
			type: 'options',
			default: 'jpeg',
			options: [
				{ name: 'JPEG', value: 'jpeg' },
				{ name: 'PNG', value: 'png' },
			],
			description: 'The image file format: 5.0 Pro, Flash and Lite make PNG or JPEG (JPEG by default); 4.5 and 4.0 always make JPEG',
		},
		{
			displayName: 'Prompt Optimisation',
			name: 'promptOptimisation',
			type: 'options',
			default: 'standard',
			options: [
				{ name: 'Standard', value: 'standard', description: "Better results, slower (the API's default)" },
				{ name: 'Fast', value: 'fast', description: 'Faster: 4.0 and 5.0 Pro only' },
			],
			description: 'How Seedream rewrites the prompt before drawing',
		},
		{
			displayName: 'Put Image in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'The binary field of each output item that receives its image',
		},
		rateLimitWaitOption,
		{
			displayName: 'Receive Images As',
			name: 'responseFormat',
			type: 'options',
			default: 'url',
			options: [
				{ name: 'URL (Recommended)', value: 'url', description: 'Each image is streamed from its 24-hour URL into binary data' },
				{ name: 'Base64 in the Answer', value: 'b64_json', description: 'The images come inside the answer: large answers, fewer requests at once' },
			],
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: DEFAULT_IMAGE_REQUEST_TIMEOUT_S,
			description:
				'How long one image request may take (a group of large images can take minutes). A request that times out after it was sent is not sent again: its images may have been made and billed.',
		},
		retriesOption,
		{
			displayName: 'Seed (Models by ID)',
			name: 'seed',
			type: 'number',
			default: -1,
			description:
				'For models typed by ID that take a seed (Seedream 3.0, SeedEdit 3.0). The listed models document none, and the node refuses one for them. -1: not sent (random).',
		},
		{
			displayName: 'Watermark',
			name: 'watermark',
			type: 'boolean',
			default: false,
			description:
				'Whether Seedream adds its "AI generated" mark at the bottom right. Without this option the API\'s default applies, and that is ON.',
		},
		{
			displayName: 'Web Search (5.0 Lite)',
			name: 'webSearch',
			type: 'boolean',
			default: false,
			description:
				'Whether the model may search the web for what the prompt names (5.0 Lite on Volcengine Ark, ChainHub or a custom relay)',
		},
	]),
];

/** An Image → Generate item's form, read once (the check before the first request and the request use the same). */
export interface ImageForm {
	model: string;
	provider?: string;
	prompt: string;
	references: MediaSource[];
	size: ImageSize;
	maxImages: unknown;
	watermark?: boolean;
	seed?: number;
	promptOptimisation?: PromptOptimisationMode;
	outputFormat?: ImageOutputFormat;
	webSearch?: boolean;
	responseFormat: 'url' | 'b64_json';
	downloadImages: boolean;
	binaryPropertyName: string;
	settings: CommonSettings;
}

/** The size as sent: a tier, the model's documented `WxH` for a tier and a ratio, or the user's width × height. */
function readSize(parameters: ItemParameters, itemIndex: number, model: string): ImageSize {
	const size = String(parameters.read('size', itemIndex, '2K'));
	if (size === 'custom') {
		return { width: Number(parameters.read('width', itemIndex, 2048)), height: Number(parameters.read('height', itemIndex, 2048)) };
	}
	const ratio = String(parameters.read('aspectRatio', itemIndex, 'prompt'));
	if (ratio === 'prompt') return size;
	if (!(IMAGE_RATIOS as readonly string[]).includes(ratio)) {
		throw new SeedanceInputError(`Aspect Ratio "${ratio}" is not one of ${IMAGE_RATIOS.join(', ')}`, 'Choose a ratio from the list, or "From the Prompt".');
	}
	const known = findImageModel(model);
	const preset = imagePresetSize(model, size as ImageTier, ratio as ImageRatio);
	if (preset) return preset;
	if (!known) {
		throw new SeedanceInputError(
			`Aspect Ratio ${ratio} needs a model the node knows; ${model.trim() || 'this model'} is not one`,
			'The documented sizes per tier and ratio are known for the listed models only. Set Size to "Custom Width × Height", or set Aspect Ratio to "From the Prompt" and name the ratio there.',
		);
	}
	// A tier the model does not have: the request builder names it with the model's tiers.
	return size;
}

function optional<T>(options: IDataObject, name: string): T | undefined {
	const value = options[name];
	return value === undefined || value === '' || value === null ? undefined : (value as T);
}

export async function readImageForm(parameters: ItemParameters, http: SeedanceConnection, itemIndex: number): Promise<ImageForm> {
	const options = readOptions(parameters, itemIndex);
	const common = readCommonOptions(options, DEFAULT_CREATE_CONCURRENCY);
	const settings = options.requestTimeout === undefined ? { ...common, requestTimeoutMs: DEFAULT_IMAGE_REQUEST_TIMEOUT_S * 1000 } : common;
	const credentials = await http.credentials();
	const model = textParameter(parameters.read('model', itemIndex, '', { extractValue: true }), 'Model');
	const seed = optional<number>(options, 'seed');
	const responseFormat = optional<string>(options, 'responseFormat') ?? 'url';
	if (responseFormat !== 'url' && responseFormat !== 'b64_json') {
		throw new SeedanceInputError(`Options → Receive Images As must be "url" or "b64_json", not "${responseFormat}"`, 'Choose one from the list.');
	}
	return {
		model,
		provider: typeof credentials.provider === 'string' ? credentials.provider : undefined,
		prompt: textParameter(parameters.read('prompt', itemIndex, ''), 'Prompt'),
		references: readSourceCollection(parameters, itemIndex, REFERENCES, (n) => `Reference image ${n}`),
		size: readSize(parameters, itemIndex, model),
		maxImages: parameters.read('maxImages', itemIndex, 1),
		watermark: optional<boolean>(options, 'watermark'),
		// -1 is the option's "not sent": the API then picks one (models that take a seed at all).
		seed: seed === -1 ? undefined : seed,
		promptOptimisation: optional<PromptOptimisationMode>(options, 'promptOptimisation'),
		outputFormat: optional<ImageOutputFormat>(options, 'outputFormat'),
		webSearch: optional<boolean>(options, 'webSearch'),
		responseFormat,
		downloadImages: optional<boolean>(options, 'downloadImages') ?? true,
		binaryPropertyName: String(options.binaryPropertyName ?? 'data').trim() || 'data',
		settings,
	};
}
