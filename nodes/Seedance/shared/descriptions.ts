/** Form pieces shared by several operations: one definition each. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MODE_NAMES, ratiosFor, resolutionsFor, type GenerationMode } from './models';
import { DEFAULT_WAIT_MINUTES } from './polling';
import type { GenerationOptions } from './request';
import { DEFAULT_RATE_LIMIT_WAIT_S } from './retry';
import { SeedanceInputError } from './request';
import { DEFAULT_RETRIES } from './transport';

export const DEFAULT_MODEL: Record<GenerationMode, string> = {
	referenceImages: 'doubao-seedance-1-0-lite-i2v-250428',
	firstFrame: 'doubao-seedance-1-0-lite-i2v-250428',
	firstLastFrame: 'doubao-seedance-1-0-lite-i2v-250428',
	text: 'doubao-seedance-1-0-lite-t2v-250428',
};

export const MODEL_SEARCH_METHOD: Record<GenerationMode, string> = {
	referenceImages: 'searchReferenceImageModels',
	firstFrame: 'searchFirstFrameModels',
	firstLastFrame: 'searchFirstLastFrameModels',
	text: 'searchTextModels',
};

export function modelField(mode: GenerationMode): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: DEFAULT_MODEL[mode] },
		required: true,
		description: `The Seedance model. The list shows the models that can "${MODE_NAMES[mode]}".`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: MODEL_SEARCH_METHOD[mode], searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. doubao-seedance-1-0-pro-250528 or ep-20250101-abcde',
				hint: 'A model ID or a Volcengine endpoint ID (ep-…). Newer models work too.',
			},
		],
	};
}

export function promptField(mode: GenerationMode): INodeProperties {
	const hint =
		mode === 'referenceImages'
			? 'Name the images in the order you add them: "[Figure 1] a boy and [Figure 2] a corgi on the lawn in [Figure 3]".'
			: 'Describe the scene, the motion and the camera. Up to about 1,000 words (500 Chinese characters).';
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: mode === 'text',
		placeholder:
			mode === 'referenceImages'
				? 'e.g. [Figure 1] A boy wearing glasses and [Figure 2] a corgi sit on the lawn in [Figure 3], 3D cartoon style'
				: 'e.g. A paper boat drifts down a rainy street, slow dolly shot',
		hint,
		description: 'What the video should show',
	};
}

export const IMAGE_SOURCES = [
	{ name: 'Image URL', value: 'url', description: 'A public http(s) URL, or a data:image/…;base64, URL' },
	{ name: 'Binary File', value: 'binary', description: 'An image file from an earlier node' },
];

/** One image, from a URL or from a binary field of the input item. */
export function imageSourceFields(prefix: string, label: string): INodeProperties[] {
	return [
		{
			displayName: `${label} Source`,
			name: `${prefix}Source`,
			type: 'options',
			default: 'url',
			options: IMAGE_SOURCES,
		},
		{
			displayName: `${label} URL`,
			name: `${prefix}Url`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://example.com/first-frame.png',
			displayOptions: { show: { [`${prefix}Source`]: ['url'] } },
		},
		{
			displayName: `${label} Binary Field`,
			name: `${prefix}BinaryProperty`,
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input item\'s binary field that holds the image',
			displayOptions: { show: { [`${prefix}Source`]: ['binary'] } },
		},
	];
}

/** Download Video and Simplify: how a finished task is handed over. */
export const taskResultFields: INodeProperties[] = [
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the MP4 on the output item as binary data (only for succeeded tasks; video URLs expire after 24 hours)',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the task instead of the raw API object',
	},
];

export const waitFields: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until the video is ready and output it. Off: output the task ID at once (pick it up later with Task → Wait for Completion).',
	},
	...taskResultFields.map((field) => ({ ...field, displayOptions: { show: { waitForCompletion: [true] } } })),
];

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_RETRIES,
	description:
		'How often to retry passing network or server errors, with growing pauses (rate limits have Rate Limit Wait). 0 turns retries off. A create is never repeated when it may have gone through.',
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 600 },
	default: 60,
	description: 'How long one request to the API may take before it counts as failed',
};

export const rateLimitWaitOption: INodeProperties = {
	displayName: 'Rate Limit Wait (Seconds)',
	name: 'rateLimitWait',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 3600 },
	default: DEFAULT_RATE_LIMIT_WAIT_S,
	description:
		"How long to keep retrying when Seedance answers 429 (rate limit), following its Retry-After. The default outlasts one full minute's RPM window; 0 turns these retries off.",
};

/** Retries, rate-limit wait and request timeout: every operation has them. */
export const requestOptions: INodeProperties[] = [rateLimitWaitOption, requestTimeoutOption, retriesOption];

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait Timeout (Minutes)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 720 },
		default: DEFAULT_WAIT_MINUTES,
		description: 'How long to wait for the video before giving up (the task goes on at Seedance and can be picked up later)',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		default: 0,
		description:
			'How often to check the task. 0 (recommended) checks every 5 s in the first minute, then every 10–30 s as the task grows older.',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary field of the output item that receives the MP4 when Download Video is on',
	},
];

/** The Options collection of a Generate operation, with only what the mode allows. */
export function generationOptions(mode: GenerationMode): INodeProperties {
	const name = (value: string) => ({ name: value === 'adaptive' ? 'Adaptive (Follow the Image)' : value, value });
	const isReference = mode === 'referenceImages';
	const options: INodeProperties[] = [
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://your-n8n/webhook/seedance',
			description: 'Seedance POSTs the task to this URL on each status change (e.g. an n8n Webhook node)',
		},
		{
			displayName: 'Duration (Seconds)',
			name: 'duration',
			type: 'number',
			default: 5,
			description: 'Length of the video: 2–12 s on Seedance 1.0, 4–12 s (or -1: the model chooses) on 1.5 Pro',
		},
		{
			displayName: 'Frames',
			name: 'frames',
			type: 'number',
			default: 121,
			description: 'Exact length in frames instead of Duration: 25 + 4n from 29 to 289 (121 ≈ 5 s at 24 fps). Not on 1.5 Pro.',
		},
		{
			displayName: 'Ratio',
			name: 'ratio',
			type: 'options',
			default: '16:9',
			options: ratiosFor(mode).map(name),
			description: isReference ? 'Aspect ratio of the video (default 16:9)' : 'Aspect ratio of the video',
		},
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			default: '720p',
			options: resolutionsFor(mode).map(name),
			description: isReference ? 'Reference mode makes 480p or 720p videos' : 'Output resolution (1.0 Pro defaults to 1080p)',
		},
		{
			displayName: 'Return Last Frame',
			name: 'returnLastFrame',
			type: 'boolean',
			default: false,
			description: "Whether to also return the video's last frame as an image URL (handy to chain clips)",
		},
		...requestOptions,
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: -1,
			description: 'The same seed and inputs give similar videos. -1 picks a random seed.',
		},
		{
			displayName: 'Send Parameters As',
			name: 'sendParametersAs',
			type: 'options',
			default: 'body',
			options: [
				{ name: 'Body Fields (Recommended)', value: 'body', description: 'Checked strictly by the API' },
				{
					name: 'Prompt Commands',
					value: 'prompt',
					description: 'Appended to the prompt as --rs 720p --dur 5 …, for proxies that only relay those',
				},
			],
		},
		{
			displayName: 'Service Tier',
			name: 'serviceTier',
			type: 'options',
			default: 'default',
			options: [
				{ name: 'Default', value: 'default', description: 'Run as soon as possible' },
				{ name: 'Flex (Half Price, Offline)', value: 'flex', description: 'Runs when capacity is free; can take hours' },
			],
		},
		{
			displayName: 'Task Expiry (Seconds)',
			name: 'executionExpiresAfter',
			type: 'number',
			default: 172800,
			description: 'A task still queued after this long expires: 3600 (1 h) to 259200 (3 days)',
		},
		{
			displayName: 'Watermark',
			name: 'watermark',
			type: 'boolean',
			default: false,
			description: 'Whether to add the "AI generated" watermark',
		},
		...waitOptions,
	];
	if (!isReference) {
		options.push(
			{
				displayName: 'Camera Fixed',
				name: 'cameraFixed',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the camera still',
			},
			{
				displayName: 'Draft (1.5 Pro)',
				name: 'draft',
				type: 'boolean',
				default: false,
				description: 'Whether to make a cheap low-resolution preview first (Seedance 1.5 Pro)',
			},
			{
				displayName: 'Generate Audio (1.5 Pro)',
				name: 'generateAudio',
				type: 'boolean',
				default: true,
				description: 'Whether to generate a sound track with the video (Seedance 1.5 Pro; on by default there)',
			},
		);
	}
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return optionsCollection(options);
}

export interface RequestSettings {
	retries: number;
	/** How long 429s are retried. */
	rateLimitSpanMs?: number;
	/** Per request attempt. */
	requestTimeoutMs: number;
}

export interface CommonSettings extends RequestSettings {
	waitTimeoutMs: number;
	intervalMs?: number;
	binaryPropertyName: string;
}

/**
 * A number option as a number, or a clear error: an expression that yields text or NaN must not
 * become a NaN deadline (a wait that never ends) or a silent default.
 */
function numberOption(options: IDataObject, name: string, label: string, fallback: number, min: number): number {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
	if (!Number.isFinite(value) || value < min) {
		const shown = typeof raw === 'string' ? `"${raw}"` : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
		throw new SeedanceInputError(
			`Options → ${label} must be a number from ${min} up, not ${shown}`,
			`Enter a number in "${label}", or make its expression give one (e.g. {{ Number($json.minutes) }}); remove the option to use the default (${fallback}).`,
		);
	}
	return value;
}

/** The options every operation shares (retries, waiting, where the video goes). */
export function readCommonOptions(options: IDataObject): CommonSettings {
	const retries = numberOption(options, 'retries', 'Retries', DEFAULT_RETRIES, 0);
	const rateLimitSeconds = numberOption(options, 'rateLimitWait', 'Rate Limit Wait (Seconds)', DEFAULT_RATE_LIMIT_WAIT_S, 0);
	const minutes = numberOption(options, 'waitTimeout', 'Wait Timeout (Minutes)', DEFAULT_WAIT_MINUTES, 0);
	const interval = numberOption(options, 'pollInterval', 'Poll Interval (Seconds)', 0, 0);
	const requestSeconds = numberOption(options, 'requestTimeout', 'Request Timeout (Seconds)', 60, 0);
	return {
		retries: Math.floor(retries),
		rateLimitSpanMs: rateLimitSeconds * 1000,
		requestTimeoutMs: (requestSeconds > 0 ? requestSeconds : 60) * 1000,
		waitTimeoutMs: minutes * 60_000,
		intervalMs: interval > 0 ? interval * 1000 : undefined,
		binaryPropertyName: String(options.binaryPropertyName ?? 'data').trim() || 'data',
	};
}

/** The Options collection as request options: only what the user added. */
export function readGenerationOptions(options: IDataObject): GenerationOptions {
	const pick = <K extends keyof GenerationOptions>(key: K): GenerationOptions[K] | undefined =>
		options[key] === undefined || options[key] === '' ? undefined : (options[key] as GenerationOptions[K]);
	return {
		resolution: pick('resolution'),
		ratio: pick('ratio'),
		duration: pick('duration'),
		frames: pick('frames'),
		seed: pick('seed'),
		cameraFixed: pick('cameraFixed'),
		watermark: pick('watermark'),
		returnLastFrame: pick('returnLastFrame'),
		callbackUrl: pick('callbackUrl'),
		serviceTier: pick('serviceTier'),
		executionExpiresAfter: pick('executionExpiresAfter'),
		generateAudio: pick('generateAudio'),
		draft: pick('draft'),
		sendParametersAs: pick('sendParametersAs'),
	};
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. cgt-20250918170909-j7gxl',
	description: 'The ID a Generate operation returned',
};

export function readTaskId(context: IExecuteFunctions, itemIndex: number): string {
	return String(context.getNodeParameter('taskId', itemIndex, '') ?? '').trim();
}
