/** Form pieces shared by several operations: one definition each. Reading them: readers.ts; image, video and audio sources: mediaSources.ts. */
import type { INodeProperties } from 'n8n-workflow';

import { ALL_RESOLUTIONS, MODE_NAMES, RATIOS, REFERENCE_MODES, referenceNamingHint, type GenerationMode } from '../request/models';
import { DRAFT_FINAL_OPTIONS, FRAMES, MAX_SEED, TASK_EXPIRY, UNKNOWN_MODEL_MAX_DURATION } from '../request/body';
import { DEFAULT_WAIT_MINUTES } from '../api/waitRules';
import { DEFAULT_RATE_LIMIT_WAIT_S } from '../http/retryPolicy';
import { DEFAULT_CREATE_CONCURRENCY, DEFAULT_TASK_CONCURRENCY } from '../api/settings';
import { DEFAULT_REQUEST_TIMEOUT_S, DEFAULT_RETRIES } from '../http/connection';
import { NUMBER_RANGES } from './readers';

/** A number field's minValue / maxValue: the range its reader enforces. */
function range(name: keyof typeof NUMBER_RANGES): { minValue: number; maxValue: number } {
	return { minValue: NUMBER_RANGES[name].min, maxValue: NUMBER_RANGES[name].max };
}

/** Version 1's defaults; saved workflows that kept them still send them. */
export const DEFAULT_MODEL_V1: Partial<Record<GenerationMode, string>> = {
	referenceImages: 'doubao-seedance-1-0-lite-i2v-250428',
	firstFrame: 'doubao-seedance-1-0-lite-i2v-250428',
	firstLastFrame: 'doubao-seedance-1-0-lite-i2v-250428',
	text: 'doubao-seedance-1-0-lite-t2v-250428',
};

/** Version 1.1's defaults: today's models (1.0 Lite is switched off at BytePlus). */
export const DEFAULT_MODEL: Record<GenerationMode, string> = {
	referenceImages: 'doubao-seedance-2-0-260128',
	reference: 'doubao-seedance-2-0-260128',
	firstFrame: 'doubao-seedance-2-0-260128',
	firstLastFrame: 'doubao-seedance-2-0-260128',
	text: 'doubao-seedance-2-0-260128',
	editVideo: 'doubao-seedance-2-0-260128',
	extendVideo: 'doubao-seedance-2-0-260128',
	draftFinal: 'doubao-seedance-2-5-260628',
};

export const MODEL_SEARCH_METHOD: Record<GenerationMode, string> = {
	referenceImages: 'searchReferenceImageModels',
	reference: 'searchReferenceModels',
	firstFrame: 'searchFirstFrameModels',
	firstLastFrame: 'searchFirstLastFrameModels',
	text: 'searchTextModels',
	editVideo: 'searchEditVideoModels',
	extendVideo: 'searchExtendVideoModels',
	draftFinal: 'searchDraftModels',
};

/** The node versions: 1.1 changed the default models (see CHANGELOG). */
export const LATEST_VERSION = 1.1;

function modelProperty(mode: GenerationMode, defaultModel: string): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: defaultModel },
		required: true,
		description: `The Seedance model. The list shows the models that can "${MODE_NAMES[mode]}", newest first.`,
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
				placeholder: 'e.g. doubao-seedance-2-0-260128, dreamina-seedance-2-0-260128 or ep-20250101-abcde',
				hint: 'A model ID in any provider\'s spelling, or a Volcengine endpoint ID (ep-…). Newer models work too.',
			},
		],
	};
}

/**
 * The Model field. Where version 1 had another default, each version gets its own field (n8n's
 * versioned-node pattern), so a saved version-1 workflow that kept the default still sends it.
 */
export function modelField(mode: GenerationMode): INodeProperties[] {
	const v1 = DEFAULT_MODEL_V1[mode];
	if (!v1) return [modelProperty(mode, DEFAULT_MODEL[mode])];
	return [
		{ ...modelProperty(mode, v1), displayOptions: { show: { '@version': [1] } } },
		{ ...modelProperty(mode, DEFAULT_MODEL[mode]), displayOptions: { show: { '@version': [{ _cnd: { gte: LATEST_VERSION } }] } } },
	];
}

const PROMPT_HINTS: Partial<Record<GenerationMode, string>> = {
	referenceImages: 'Name the images in the order you add them: "[Figure 1] a boy and [Figure 2] a corgi on the lawn in [Figure 3]" (Seedance 1.0), "Image 1" (2.0), "@Image1" (2.5).',
	reference: referenceNamingHint('reference'),
	editVideo: `Say what to change, with an edit word: "Replace the car in Video 1 with a red bike", "Remove the logo", "Change the sky to dusk". ${referenceNamingHint('editVideo')}`,
	extendVideo: `Say where the video goes next, with an extend word: "Extend Video 1 forward: the dog runs to the door", "Continue…", "Extend backward…". ${referenceNamingHint('extendVideo')}`,
};

export function promptField(mode: GenerationMode): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: mode === 'text' || mode === 'editVideo' || mode === 'extendVideo',
		placeholder:
			mode === 'referenceImages'
				? 'e.g. [Figure 1] A boy wearing glasses and [Figure 2] a corgi sit on the lawn in [Figure 3], 3D cartoon style'
				: mode === 'reference'
					? 'e.g. The girl in Image 1 dances to Audio 1 in the street of Video 1, handheld camera'
					: 'e.g. A paper boat drifts down a rainy street, slow dolly shot',
		hint:
			PROMPT_HINTS[mode] ??
			'Describe the scene, the motion and the camera. Up to about 1,000 words (500 Chinese characters).',
		description: 'What the video should show',
	};
}

/** Download Video and Simplify: how a finished task is handed over (output/taskItem.ts reads them). */
export const taskItemFields: INodeProperties[] = [
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
	...taskItemFields.map((field) => ({ ...field, displayOptions: { show: { waitForCompletion: [true] } } })),
];

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: range('retries'),
	default: DEFAULT_RETRIES,
	description:
		'How often to retry passing network or server errors, with growing pauses (rate limits have Rate Limit Wait). 0 turns retries off. A create is never repeated when it may have gone through.',
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: range('requestTimeout'),
	default: DEFAULT_REQUEST_TIMEOUT_S,
	description: 'How long one request to the API may take before it counts as failed (up to 600 s; 0 uses the default)',
};

export const rateLimitWaitOption: INodeProperties = {
	displayName: 'Rate Limit Wait (Seconds)',
	name: 'rateLimitWait',
	type: 'number',
	typeOptions: range('rateLimitWait'),
	default: DEFAULT_RATE_LIMIT_WAIT_S,
	description:
		"How long to keep retrying when Seedance answers 429 (rate limit), following its Retry-After. The default outlasts one full minute's RPM window; 0 turns these retries off.",
};

/** How many items the node works on at once (the first item's value counts: it is per run). */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrent Requests',
	name: 'concurrency',
	type: 'number',
	typeOptions: range('concurrency'),
	default: DEFAULT_TASK_CONCURRENCY,
	description:
		'How many items are sent to Seedance at once (the first item\'s value counts for the run). A rate limit (429) holds back every request of the run together. Output order stays the input order.',
};

/** The same for Generate: a batch of up to 100 goes out together, like the HTTP Request node's items. */
export const createConcurrencyOption: INodeProperties = {
	...concurrencyOption,
	default: DEFAULT_CREATE_CONCURRENCY,
	description:
		'How many items are sent to Seedance at once (the first item\'s value counts for the run). A rate limit (429) holds back every request of the run together, and creates then go at the rate it allows. Output order stays the input order. If an item fails without Continue On Fail, the items already sent still make their tasks: the error lists them (a Retry of the execution takes them over). Lower it to have fewer under way then.',
};

/** The most a run may cost: checked over the whole input before the first create. */
export const spendingLimitOption: INodeProperties = {
	displayName: 'Spending Limit',
	name: 'spendingLimit',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 10,
	description:
		"The most this run may cost, in the currency of its prices (Volcengine Ark: CNY, BytePlus: USD, or the credential's Prices). Every item's cost is estimated before the first task is created; when the total is over the limit, or can't be known (no price, a range whose high end passes it), nothing is created. The first item's value counts for the run.",
};

/** Retries, rate-limit wait and request timeout: every operation has them. */
export const requestOptions: INodeProperties[] = [rateLimitWaitOption, requestTimeoutOption, retriesOption];

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait Timeout (Minutes)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: range('waitTimeout'),
		default: DEFAULT_WAIT_MINUTES,
		description:
			'How long to wait for the video before giving up, up to 720 min (12 h); the task goes on at Seedance and can be picked up later',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: { ...range('pollInterval'), numberPrecision: 1 },
		default: 0,
		description:
			'How often to check the task, up to 3600 s. 0 (recommended) checks every 5 s in the first minute, then every 10–30 s as the task grows older.',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The binary field of the output item that receives the MP4 when Download Video is on',
	},
];

/** The Options collection of a Generate operation, with what the mode allows; the model's limits are checked on run. */
export function generationOptions(mode: GenerationMode): INodeProperties {
	const name = (value: string) => ({ name: value === 'adaptive' ? 'Adaptive (Follow the Input)' : value, value });
	const isReference = REFERENCE_MODES.includes(mode);
	const options: INodeProperties[] = [
		{
			displayName: 'Additional Body Fields (JSON)',
			name: 'additionalBodyFields',
			type: 'json',
			default: '{}',
			description:
				'Fields newer than this node, merged into the request body as they are (e.g. {"new_field": 1}). They can\'t set model or content; the 64 MB request limit still applies.',
		},
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://your-n8n/webhook/seedance',
			description: 'Seedance POSTs the task to this URL on each status change',
			hint: 'To continue in another workflow without waiting here: add a Seedance Trigger there, copy its Production URL (add ?token=… if you set a Token) and paste it here; turn Wait for Completion off.',
		},
		createConcurrencyOption,
		{
			displayName: 'Draft',
			name: 'draft',
			type: 'boolean',
			default: false,
			description:
				'Whether to make a cheap 480p preview first (1.5 Pro, 2.5). On 2.5, turn a good draft into the final video with "Generate Final Video from Draft".',
		},
		{
			displayName: 'Duration (Seconds)',
			name: 'duration',
			type: 'number',
			typeOptions: { minValue: -1, maxValue: UNKNOWN_MODEL_MAX_DURATION },
			default: 5,
			description:
				'Length of the video: 2–12 s on Seedance 1.0, 4–12 s on 1.5 Pro, 4–15 s on 2.0, 4–30 s on 2.5 (up to 60 s for a model ID the node does not know); -1 lets the model choose (1.5 Pro, 2.x)',
		},
		{
			displayName: 'Generate Audio',
			name: 'generateAudio',
			type: 'boolean',
			default: true,
			description: 'Whether to generate a sound track with the video (1.5 Pro and 2.x; on by default there)',
		},
		{
			displayName: 'Output Format (2.5)',
			name: 'outputFormat',
			type: 'options',
			default: 'mp4',
			options: [
				{ name: 'MP4', value: 'mp4' },
				{ name: 'MOV (H.264 4:4:4 + PCM, for Edit/Extend Chains)', value: 'mov' },
			],
			description: 'The video file format (Seedance 2.5 only)',
		},
		{
			displayName: 'Priority (2.x)',
			name: 'priority',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 9 },
			default: 0,
			description: 'Execution priority from 0 to 9 (Seedance 2.x)',
		},
		{
			displayName: 'Ratio',
			name: 'ratio',
			type: 'options',
			default: '16:9',
			options: RATIOS.map(name),
			description: 'Aspect ratio of the video. Seedance 2.5 takes only Adaptive with frames, edit and extend (the node sends it).',
		},
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			default: '720p',
			options: ALL_RESOLUTIONS.map(name),
			description:
				mode === 'draftFinal'
					? 'The final video is 1080p on Seedance 2.5 (the node sends it)'
					: 'Output resolution; the model decides what it takes (1.0 Lite references: 480p/720p; 2.0: up to 4k; 2.0 Fast and Mini: up to 720p)',
		},
		{
			displayName: 'Return Last Frame',
			name: 'returnLastFrame',
			type: 'boolean',
			default: false,
			description: "Whether to also return the video's last frame as an image URL (handy to chain clips)",
		},
		...requestOptions,
		spendingLimitOption,
		{
			displayName: 'Safety Identifier (2.x)',
			name: 'safetyIdentifier',
			type: 'string',
			default: '',
			description: 'A stable ID of your end user (up to 64 characters), for abuse monitoring',
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			typeOptions: { minValue: -1, maxValue: MAX_SEED },
			default: -1,
			description:
				'The same seed and inputs give similar videos on 1.x; on 2.x the output varies whatever the seed. -1 (or unset): the node sends a random seed of its own, by which it recognises the task if the answer to its create is lost; a seed you fix turns that off.',
		},
		{
			displayName: 'Send Parameters As',
			name: 'sendParametersAs',
			type: 'options',
			default: 'body',
			options: [
				{ name: 'Body Fields (Recommended)', value: 'body', description: 'Checked strictly by the API' },
				{
					name: 'Prompt Commands (1.x Only)',
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
				{ name: 'Flex (Half Price, Offline; 1.x Only)', value: 'flex', description: 'Runs when capacity is free; can take hours' },
			],
		},
		{
			displayName: 'Take Over Tasks of Execution',
			name: 'takeOverExecution',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1234',
			description:
				"The ID of an execution of this workflow that stopped part-way (a queue-mode worker died, n8n restarted). Each item first looks for the task that execution's same item had, whichever earlier run made it (it may itself have taken over another), and takes it instead of paying again; items with none are created. Run with the same input items in the same order. An ID that is no run of this node in this workflow is refused before anything is paid for.",
			hint: 'Executions list → the failed run → its ID. A Retry of a failed run does this by itself.',
		},
		{
			displayName: 'Task Expiry (Seconds)',
			name: 'executionExpiresAfter',
			type: 'number',
			typeOptions: { minValue: TASK_EXPIRY.min, maxValue: TASK_EXPIRY.max },
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
	if (mode === 'text') {
		options.push({
			displayName: 'Web Search (2.0)',
			name: 'webSearch',
			type: 'boolean',
			default: false,
			description: 'Whether the model may search the web for what the prompt names (sends tools: web_search; documented for 2.0 text-to-video)',
		});
	}
	if (mode !== 'draftFinal' && !isReference) {
		options.push(
			{
				displayName: 'Camera Fixed (1.x)',
				name: 'cameraFixed',
				type: 'boolean',
				default: false,
				description: 'Whether to keep the camera still (Seedance 1.x)',
			},
			{
				displayName: 'Frames (1.0)',
				name: 'frames',
				type: 'number',
				typeOptions: { minValue: FRAMES.min, maxValue: FRAMES.max },
				default: 121,
				description: 'Exact length in frames instead of Duration: 25 + 4n from 29 to 289 (121 ≈ 5 s at 24 fps). Seedance 1.0 only.',
			},
		);
	}
	const shown =
		mode === 'draftFinal'
			? options.filter(
					(o) =>
						(DRAFT_FINAL_OPTIONS as readonly string[]).includes(o.name) ||
						o.name === 'takeOverExecution' ||
						o === createConcurrencyOption ||
						o === spendingLimitOption ||
						requestOptions.includes(o) ||
						waitOptions.includes(o),
				)
			: options;
	shown.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return optionsCollection(shown);
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
