/**
 * Pure: what a video task or an image request costs. Output sizes and the token formula, estimates
 * before a task finishes, the bill of a finished one (from its `usage`), Seedream per-image costs,
 * the user's price override, and sums. Every number comes out as a plain JSON cost object that says
 * whether it is billed, an estimate, free or unknown. The facts behind it are in docs/prices.md.
 */
import { SeedanceInputError } from '../shared/errors';
import type { ProviderName } from '../shared/providers';
import { isObject } from '../shared/values';
import { ALL_RESOLUTIONS, findModel, type GenerationMode, type ModelInfo, type Resolution } from './models';
import { findImageModel } from './imageModels';
import {
	IMAGE_PRICES,
	VIDEO_BILLING_RULES,
	VIDEO_PRICES,
	type ImagePrice,
	type PriceConfidence,
	type PricedProvider,
	type VideoBillingRules,
	type VideoRate,
} from './prices';

// ---------------------------------------------------------------------------------------------
// The cost object

export type CostStatus = 'billed' | 'estimated' | 'free' | 'unknown';

/**
 * How an estimate counts frames. `observed`: 24 × seconds + 1, what every real bill shows (the
 * video has one frame more than 24 per second). `official`: 24 × seconds, the providers' published
 * formula and examples, about 0.8 % under the bill at 5 s.
 */
export type FrameCounting = 'observed' | 'official';

/** Plain JSON, carried by a task or image item. A range has low/high and no amount. */
export interface Cost {
	status: CostStatus;
	/** ISO 4217 code: CNY, USD, or the currency of the user's own prices. */
	currency?: string;
	amount?: number;
	low?: number;
	high?: number;
	tokens?: number;
	tokensLow?: number;
	tokensHigh?: number;
	images?: number;
	imagesLow?: number;
	imagesHigh?: number;
	/** The rate applied, when one rate applies (audio, flex and the user's multiplier included). */
	unitPricePerMillionTokens?: number;
	unitPricePerImage?: number;
	priceSource?: string;
	/** The day the list price was read; absent for the user's own prices. */
	priceDate?: string;
	/** `user`: prices set in the credential. */
	priceConfidence?: PriceConfidence | 'user';
	frameCounting?: FrameCounting;
	note?: string;
}

/** Rounds away float noise (0.1 + 0.2) while keeping every digit a price can produce. */
function money(value: number): number {
	return Math.round(value * 1e8) / 1e8;
}

/**
 * Tokens are whole: providers truncate W × H × frames / 1024 (measured: 400.3125 × 145 frames is
 * billed 58,045), so estimates truncate too and equal the bill for a known output. The epsilon only
 * absorbs float error of factors such as 0.6; real fractions are multiples of 1/1024 or 0.1.
 */
function wholeTokens(value: number): number {
	return Math.floor(value + 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Output sizes

export type OutputSizeFamily = 'seedance-1.0' | 'seedance-1.5-2.0' | 'seedance-2.5';
export type FixedRatio = '16:9' | '4:3' | '1:1' | '3:4' | '9:16' | '21:9';
export const FIXED_RATIOS: readonly FixedRatio[] = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'];

export interface PixelSize {
	width: number;
	height: number;
}

type SizeRow = Record<FixedRatio, [number, number]>;

const ONE_5_TO_2_0_ABOVE_480P: Partial<Record<Resolution, SizeRow>> = {
	'720p': {
		'16:9': [1280, 720],
		'4:3': [1112, 834],
		'1:1': [960, 960],
		'3:4': [834, 1112],
		'9:16': [720, 1280],
		'21:9': [1470, 630],
	},
	'1080p': {
		'16:9': [1920, 1080],
		'4:3': [1664, 1248],
		'1:1': [1440, 1440],
		'3:4': [1248, 1664],
		'9:16': [1080, 1920],
		'21:9': [2206, 946],
	},
};

/** Output pixels per model family, resolution and ratio (the providers' video tutorial tables). */
export const OUTPUT_SIZES: Record<OutputSizeFamily, Partial<Record<Resolution, SizeRow>>> = {
	'seedance-1.0': {
		'480p': {
			'16:9': [864, 480],
			'4:3': [736, 544],
			'1:1': [640, 640],
			'3:4': [544, 736],
			'9:16': [480, 864],
			'21:9': [960, 416],
		},
		'720p': {
			'16:9': [1248, 704],
			'4:3': [1120, 832],
			'1:1': [960, 960],
			'3:4': [832, 1120],
			'9:16': [704, 1248],
			'21:9': [1504, 640],
		},
		'1080p': {
			'16:9': [1920, 1088],
			'4:3': [1664, 1248],
			'1:1': [1440, 1440],
			'3:4': [1248, 1664],
			'9:16': [1088, 1920],
			'21:9': [2176, 928],
		},
	},
	'seedance-1.5-2.0': {
		'480p': {
			'16:9': [864, 496],
			'4:3': [752, 560],
			'1:1': [640, 640],
			'3:4': [560, 752],
			'9:16': [496, 864],
			'21:9': [992, 432],
		},
		...ONE_5_TO_2_0_ABOVE_480P,
		'4k': {
			'16:9': [3840, 2160],
			'4:3': [3326, 2494],
			'1:1': [2880, 2880],
			'3:4': [2494, 3326],
			'9:16': [2160, 3840],
			'21:9': [4398, 1886],
		},
	},
	'seedance-2.5': {
		'480p': {
			'16:9': [854, 480],
			'4:3': [752, 560],
			'1:1': [640, 640],
			'3:4': [560, 752],
			'9:16': [480, 854],
			'21:9': [992, 432],
		},
		...ONE_5_TO_2_0_ABOVE_480P,
	},
};

const FAMILY_OF_MODEL: Record<string, OutputSizeFamily> = {
	'doubao-seedance-1-0-lite-i2v-250428': 'seedance-1.0',
	'doubao-seedance-1-0-lite-t2v-250428': 'seedance-1.0',
	'doubao-seedance-1-0-pro-250528': 'seedance-1.0',
	'doubao-seedance-1-0-pro-fast-251015': 'seedance-1.0',
	'doubao-seedance-1-5-pro-251215': 'seedance-1.5-2.0',
	'doubao-seedance-2-0-260128': 'seedance-1.5-2.0',
	'doubao-seedance-2-0-fast-260128': 'seedance-1.5-2.0',
	'doubao-seedance-2-0-mini-260615': 'seedance-1.5-2.0',
	'doubao-seedance-2-5-260628': 'seedance-2.5',
};

/** The size family of a model id in either provider's spelling; undefined for ids we don't know. */
export function outputSizeFamily(modelId: string): OutputSizeFamily | undefined {
	const model = findModel(modelId);
	return model ? FAMILY_OF_MODEL[model.id] : undefined;
}

export function isFixedRatio(ratio: unknown): ratio is FixedRatio {
	return FIXED_RATIOS.includes(ratio as FixedRatio);
}

export function isResolution(value: unknown): value is Resolution {
	return ALL_RESOLUTIONS.includes(value as Resolution);
}

export function outputSize(family: OutputSizeFamily, resolution: Resolution, ratio: FixedRatio): PixelSize | undefined {
	const size = OUTPUT_SIZES[family][resolution]?.[ratio];
	return size ? { width: size[0], height: size[1] } : undefined;
}

/** Providers bill W × H / 1024 tokens per output frame. */
export function tokensPerFrame(size: PixelSize): number {
	return (size.width * size.height) / 1024;
}

/**
 * Tokens per frame at a resolution and ratio. `adaptive` (the model picks the ratio) gives the
 * range over that resolution's ratios: never a guess at the one it will pick. Undefined when the
 * family has no such resolution, or the ratio is neither a table ratio nor `adaptive`.
 */
export function tokensPerFrameRange(
	family: OutputSizeFamily,
	resolution: Resolution,
	ratio: string,
): { low: number; high: number } | undefined {
	const row = OUTPUT_SIZES[family][resolution];
	if (!row) return undefined;
	const ratios = ratio === 'adaptive' ? FIXED_RATIOS : isFixedRatio(ratio) ? [ratio] : [];
	if (ratios.length === 0) return undefined;
	const perFrame = ratios.map((r) => tokensPerFrame({ width: row[r][0], height: row[r][1] }));
	return { low: Math.min(...perFrame), high: Math.max(...perFrame) };
}

// ---------------------------------------------------------------------------------------------
// Token estimate

/** What is known of a video request (or of a task that has not finished). */
export interface VideoSpec {
	model: string;
	resolution?: string;
	/** A table ratio or `adaptive`; unset counts as `adaptive` (the default differs per model and mode). */
	ratio?: string;
	/** Seconds; -1 lets the model choose. Unset: the API's default (5 s; 2.5: -1). */
	duration?: number;
	/** 1.0 models: `frames` (25 + 4n) instead of a duration. */
	frames?: number;
	/** Total seconds of the request's input videos, when known. */
	videoInputSeconds?: number;
	/** The request contains at least one video (implied by videoInputSeconds > 0). */
	hasVideoInput?: boolean;
	/**
	 * The request may contain videos nobody here has seen (a final video keeps its draft's inputs):
	 * without hasVideoInput, the range then covers both, with and without a video input.
	 */
	mayHaveVideoInput?: boolean;
	/** Unset: the model's default. */
	generateAudio?: boolean;
	draft?: boolean;
	serviceTier?: string;
	mode?: GenerationMode;
}

export interface TokenEstimate {
	low: number;
	high: number;
	frameCounting: FrameCounting;
	/** The resolution the tokens are for (a draft's, when the model fixes it). */
	resolution: Resolution;
	/** Undefined: unknown, the range covers both. */
	hasVideoInput: boolean | undefined;
	notes: string[];
}

const FRAMES_PER_SECOND = 24;

/** Models whose API default duration is -1 (the model picks); every other model defaults to 5 s. */
const AUTO_DURATION_BY_DEFAULT = ['doubao-seedance-2-5-260628'];

function defaultDuration(model: ModelInfo): number {
	return AUTO_DURATION_BY_DEFAULT.includes(model.id) ? -1 : 5;
}

interface TokenInputs {
	perFrame: number;
	outputSeconds: number;
	/** Replaces 24 × output seconds + 1 (1.0 models' `frames`). */
	outputFrames?: number;
	inputSeconds: number;
	hasVideoInput: boolean;
	videoInputMinimum: boolean;
	frameCounting: FrameCounting;
}

/**
 * One token count: W·H/1024 × frames, frames = 24 × (input + output seconds) (+ 1, observed), and
 * with a video input on 2.x at least ceil(5 × output seconds / 3) seconds of output frames.
 */
export function videoTokens(inputs: TokenInputs): number {
	const extraFrame = inputs.frameCounting === 'observed' ? 1 : 0;
	const frames =
		inputs.outputFrames !== undefined
			? inputs.outputFrames + FRAMES_PER_SECOND * inputs.inputSeconds
			: FRAMES_PER_SECOND * (inputs.inputSeconds + inputs.outputSeconds) + extraFrame;
	const formula = wholeTokens(inputs.perFrame * frames);
	if (!(inputs.hasVideoInput && inputs.videoInputMinimum)) return formula;
	const minimum = wholeTokens(Math.ceil((5 * inputs.outputSeconds) / 3) * inputs.perFrame * FRAMES_PER_SECOND);
	return Math.max(formula, minimum);
}

function rulesOf(model: ModelInfo | undefined): VideoBillingRules {
	return (model && VIDEO_BILLING_RULES[model.id]) ?? { videoInputMinimum: false };
}

/** The resolution a request's tokens and rate are for: drafts are made at the model's draft resolution. */
function effectiveResolution(spec: VideoSpec, model: ModelInfo): string {
	const rules = rulesOf(model);
	if (spec.draft && rules.draftResolution) return rules.draftResolution;
	if (spec.resolution !== undefined && spec.resolution !== '') return spec.resolution;
	if (spec.mode === 'draftFinal' && model.finalResolution) return model.finalResolution;
	return model.defaultResolution;
}

/**
 * The tokens a request will be billed, as a range: exact when everything is known, otherwise low =
 * the smallest output the settings allow, high = the largest (duration -1, `adaptive`, input videos
 * of unknown length). `{ unknown }` when the model or its output size is not in the tables.
 */
export function estimateVideoTokens(spec: VideoSpec, frameCounting: FrameCounting = 'observed'): TokenEstimate | { unknown: string } {
	const model = findModel(spec.model);
	const family = model && FAMILY_OF_MODEL[model.id];
	if (!model || !family) return { unknown: `Output sizes of model "${spec.model.trim()}" are not known, so its tokens can't be estimated.` };
	const rules = rulesOf(model);
	const notes: string[] = [];

	const resolution = effectiveResolution(spec, model);
	if (!isResolution(resolution)) return { unknown: `Resolution "${resolution}" is not one Seedance knows.` };
	if (!model.resolutions.includes(resolution)) return { unknown: `${model.name} makes no ${resolution} video.` };
	if (spec.draft && rules.draftResolution && spec.resolution && spec.resolution !== rules.draftResolution) {
		notes.push(`Drafts are made at ${rules.draftResolution}.`);
	}
	const ratio = spec.ratio === undefined || spec.ratio === '' ? 'adaptive' : spec.ratio;
	let perFrame = tokensPerFrameRange(family, resolution, ratio);
	if (!perFrame && OUTPUT_SIZES[family][resolution]) {
		// A ratio off the table (2.5 keeps an input's own aspect, e.g. 5:4): the table's range still bounds it.
		perFrame = tokensPerFrameRange(family, resolution, 'adaptive');
		notes.push(`Ratio ${ratio} is not in the size table: the range covers the table's ratios.`);
	}
	if (!perFrame) return { unknown: `${model.name} makes no ${resolution} video.` };
	if (ratio === 'adaptive') notes.push('The model picks the ratio: the range covers every ratio at this resolution.');

	const inputSeconds = spec.videoInputSeconds ?? 0;
	const editsAVideo = spec.mode === 'editVideo' || spec.mode === 'extendVideo';
	const hasVideoInput = inputSeconds > 0 || spec.hasVideoInput === true || editsAVideo;
	const clips = model.references?.clipSeconds;
	let input = { low: inputSeconds, high: inputSeconds };
	if (hasVideoInput && spec.videoInputSeconds === undefined) {
		input = { low: clips?.min ?? 0, high: model.references?.totalSeconds ?? 0 };
		notes.push(`Input video length unknown: ${input.low}–${input.high} s.`);
	}

	const duration = spec.duration ?? defaultDuration(model);
	let output: { low: number; high: number };
	// 2.5's edited video is as long as its source (up to 0.4 s shorter).
	const outputFollowsInput = spec.mode === 'editVideo' && duration === -1 && model.fixedDuration?.editVideo === -1;
	if (outputFollowsInput) {
		if (spec.videoInputSeconds === undefined) {
			input = { low: model.duration.min, high: model.references?.totalSeconds ?? model.duration.max };
		}
		output = input;
		notes.push('An edited video is about as long as its source.');
	} else if (duration === -1) {
		output = { low: model.duration.min, high: model.duration.max };
		notes.push(`The model picks the length: ${output.low}–${output.high} s.`);
	} else {
		output = { low: duration, high: duration };
	}
	const outputFrames = model.frames && spec.frames !== undefined ? spec.frames : undefined;

	const common = { hasVideoInput, videoInputMinimum: rules.videoInputMinimum, frameCounting, outputFrames };
	let low = videoTokens({ ...common, perFrame: perFrame.low, outputSeconds: output.low, inputSeconds: input.low });
	let high = videoTokens({ ...common, perFrame: perFrame.high, outputSeconds: output.high, inputSeconds: input.high });
	// Videos the request may hold unseen: low without any, high with the most the model takes.
	const unsure = !hasVideoInput && spec.hasVideoInput === undefined && spec.mayHaveVideoInput === true && (model.references?.max.video ?? 0) > 0;
	if (unsure) {
		const most = model.references?.totalSeconds ?? 0;
		high = videoTokens({ ...common, hasVideoInput: true, perFrame: perFrame.high, outputSeconds: output.high, inputSeconds: most });
		notes.push(`Whether the request has a video input is unknown: the range covers none up to ${most} s.`);
	}

	if (spec.draft && rules.draftTokenFactor) {
		const audio = spec.generateAudio ?? model.audioDefault ?? false;
		const factor = audio ? rules.draftTokenFactor.audio : rules.draftTokenFactor.silent;
		low = wholeTokens(low * factor);
		high = wholeTokens(high * factor);
		notes.push(`A draft counts ${factor} × the tokens of the same video.`);
	}
	return { low, high, frameCounting, resolution, hasVideoInput: unsure ? undefined : hasVideoInput, notes };
}

// ---------------------------------------------------------------------------------------------
// Price overrides (the credential's Prices field)

export interface VideoPriceOverride {
	/** Per 1M tokens (1.5 Pro: the silent rate). */
	perMillionTokens?: number;
	/** Per 1M tokens with a video input; unset: perMillionTokens. */
	withVideoInput?: number;
	resolutions?: Partial<Record<Resolution, { perMillionTokens: number; withVideoInput?: number }>>;
}

export interface ImagePriceOverride {
	perImage: number;
	/** Above the model's size band (Seedream 5.0 Pro: 2.61 MP). */
	perLargeImage?: number;
	/** Each reference image after the first. */
	perExtraInputImage?: number;
}

export interface PriceOverride {
	/** The currency of the user's prices; with a multiplier, also of list prices × multiplier. */
	currency?: string;
	/** Applied to the list named by basedOn. */
	multiplier?: number;
	/** The list a multiplier applies to: the provider's own; ChainHub and custom URLs: Volcengine's unless set. */
	basedOn?: PricedProvider;
	/** By model id (the catalogue's spelling when the model is known). */
	videoModels: Record<string, VideoPriceOverride>;
	imageModels: Record<string, ImagePriceOverride>;
}

export interface PricingContext {
	provider: ProviderName;
	prices?: PriceOverride;
}

const PROVIDER_NAMES: Record<ProviderName, string> = {
	chainhub: 'ChainHub',
	volcengine: 'Volcengine Ark',
	byteplus: 'BytePlus ModelArk',
	custom: 'a custom base URL',
};

const TOP_KEYS = ['currency', 'multiplier', 'basedOn', 'models'];
const VIDEO_KEYS = ['perMillionTokens', 'withVideoInput', 'resolutions'];
const IMAGE_KEYS = ['perImage', 'perLargeImage', 'perExtraInputImage'];
const BAND_KEYS = ['perMillionTokens', 'withVideoInput'];

const FORMAT_HINT =
	'Prices is a JSON object, e.g. {"multiplier": 0.8} (the provider\'s list × 0.8), or {"currency": "USD", "models": {"doubao-seedance-2-0-260128": {"perMillionTokens": 7, "withVideoInput": 4.3}, "doubao-seedream-4-5-251128": {"perImage": 0.04}}}. Leave it empty to use the list prices.';

function shown(value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (value === undefined) return 'nothing';
	const text = JSON.stringify(value);
	return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function refuse(message: string): never {
	throw new SeedanceInputError(message, FORMAT_HINT);
}

function price(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		refuse(`Prices → ${field} must be a number ≥ 0, not ${shown(value)}`);
	}
	return value;
}

function checkKeys(object: Record<string, unknown>, allowed: string[], field: string): void {
	for (const key of Object.keys(object)) {
		if (!allowed.includes(key)) {
			const where = field === '' ? key : `${field}.${key}`;
			refuse(`Prices → ${where} is not a known field: use ${allowed.join(', ')}`);
		}
	}
}

function parseVideoEntry(entry: Record<string, unknown>, field: string): VideoPriceOverride {
	checkKeys(entry, VIDEO_KEYS, field);
	const parsed: VideoPriceOverride = {};
	if (entry.perMillionTokens !== undefined) parsed.perMillionTokens = price(entry.perMillionTokens, `${field}.perMillionTokens`);
	if (entry.withVideoInput !== undefined) parsed.withVideoInput = price(entry.withVideoInput, `${field}.withVideoInput`);
	if (entry.resolutions !== undefined) {
		if (!isObject(entry.resolutions)) refuse(`Prices → ${field}.resolutions must be an object by resolution (480p, 720p, 1080p, 4k)`);
		parsed.resolutions = {};
		for (const [resolution, band] of Object.entries(entry.resolutions)) {
			const bandField = `${field}.resolutions.${resolution}`;
			if (!isResolution(resolution)) refuse(`Prices → ${bandField} is not a resolution: use ${ALL_RESOLUTIONS.join(', ')}`);
			if (!isObject(band)) refuse(`Prices → ${bandField} must be an object with perMillionTokens`);
			checkKeys(band, BAND_KEYS, bandField);
			parsed.resolutions[resolution] = {
				perMillionTokens: price(band.perMillionTokens, `${bandField}.perMillionTokens`),
				...(band.withVideoInput !== undefined ? { withVideoInput: price(band.withVideoInput, `${bandField}.withVideoInput`) } : {}),
			};
		}
	}
	if (parsed.perMillionTokens === undefined && parsed.resolutions === undefined) {
		refuse(`Prices → ${field} needs perMillionTokens (or resolutions)`);
	}
	return parsed;
}

function parseImageEntry(entry: Record<string, unknown>, field: string, modelId: string): ImagePriceOverride {
	checkKeys(entry, IMAGE_KEYS, field);
	const parsed: ImagePriceOverride = { perImage: price(entry.perImage, `${field}.perImage`) };
	if (entry.perLargeImage !== undefined) {
		const banded = IMAGE_PRICES.volcengine.models[modelId]?.large;
		if (!banded) refuse(`Prices → ${field}.perLargeImage: this model has no size band (only Seedream 5.0 Pro has one)`);
		parsed.perLargeImage = price(entry.perLargeImage, `${field}.perLargeImage`);
	}
	if (entry.perExtraInputImage !== undefined) {
		parsed.perExtraInputImage = price(entry.perExtraInputImage, `${field}.perExtraInputImage`);
	}
	return parsed;
}

/**
 * Reads and checks the credential's Prices field (a JSON text or an object). Empty: undefined (list
 * prices). Anything wrong throws a SeedanceInputError that names the field. The format is in
 * docs/prices.md.
 */
export function parsePriceOverride(raw: unknown, provider: ProviderName): PriceOverride | undefined {
	if (raw === undefined || raw === null) return undefined;
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return undefined;
		try {
			value = JSON.parse(raw);
		} catch (error) {
			refuse(`Prices is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (!isObject(value)) refuse(`Prices must be a JSON object, not ${shown(value)}`);
	checkKeys(value, TOP_KEYS, '');

	const override: PriceOverride = { videoModels: {}, imageModels: {} };
	if (value.currency !== undefined) {
		const currency = typeof value.currency === 'string' ? value.currency.trim().toUpperCase() : '';
		if (!/^[A-Z]{3}$/.test(currency)) refuse(`Prices → currency must be a three-letter code such as "USD" or "CNY", not ${shown(value.currency)}`);
		override.currency = currency;
	}
	if (value.multiplier !== undefined) override.multiplier = price(value.multiplier, 'multiplier');
	if (value.basedOn !== undefined) {
		if (value.basedOn !== 'volcengine' && value.basedOn !== 'byteplus') {
			refuse(`Prices → basedOn must be "volcengine" or "byteplus", not ${shown(value.basedOn)}`);
		}
		override.basedOn = value.basedOn;
	}
	if (value.models !== undefined) {
		if (!isObject(value.models)) refuse(`Prices → models must be an object by model ID, not ${shown(value.models)}`);
		for (const [id, entry] of Object.entries(value.models)) {
			const field = `models.${id}`;
			if (id.trim() === '') refuse('Prices → models has an empty model ID');
			if (!isObject(entry)) refuse(`Prices → ${field} must be an object, not ${shown(entry)}`);
			const isImage = entry.perImage !== undefined || entry.perLargeImage !== undefined || entry.perExtraInputImage !== undefined;
			const isVideo = VIDEO_KEYS.some((key) => entry[key] !== undefined);
			if (isImage && isVideo) refuse(`Prices → ${field} mixes per-token and per-image prices: a model is priced one way`);
			const key = isImage ? (findImageModel(id)?.id ?? id.trim().toLowerCase()) : (findModel(id)?.id ?? id.trim().toLowerCase());
			const target: Record<string, unknown> = isImage ? override.imageModels : override.videoModels;
			if (target[key] !== undefined) refuse(`Prices → ${field} is given twice (under two spellings of the same model)`);
			if (isImage) override.imageModels[key] = parseImageEntry(entry, field, key);
			else override.videoModels[key] = parseVideoEntry(entry, field);
		}
	}
	const hasOwnPrices = Object.keys(override.videoModels).length + Object.keys(override.imageModels).length > 0;
	if (hasOwnPrices && !override.currency && !isPricedProvider(provider)) {
		refuse(`Prices → currency is needed: ${PROVIDER_NAMES[provider]} has no price list to take it from`);
	}
	return override;
}

// ---------------------------------------------------------------------------------------------
// Rates

function isPricedProvider(provider: ProviderName): provider is PricedProvider {
	return provider === 'volcengine' || provider === 'byteplus';
}

/** The list the prices come from: the provider's own, or the one a multiplier is based on. */
function listFor(pricing: PricingContext): PricedProvider | undefined {
	const { provider, prices } = pricing;
	if (prices?.basedOn) return prices.basedOn;
	if (isPricedProvider(provider)) return provider;
	return prices?.multiplier !== undefined ? 'volcengine' : undefined;
}

interface Rate {
	value: number;
	currency: string;
	source: string;
	date?: string;
	confidence: PriceConfidence | 'user';
}

interface RateRange {
	low: Rate;
	high: Rate;
	notes: string[];
}

function howToPrice(kind: 'video' | 'image', modelId: string, provider: ProviderName): string {
	const id = modelId.trim();
	const example = kind === 'video' ? '{"perMillionTokens": 7}' : '{"perImage": 0.03}';
	const currency = isPricedProvider(provider) ? '' : '"currency": "USD", ';
	return `Set a price for ${id} in the Seedance API credential's Prices field, e.g. {${currency}"models": {"${id}": ${example}}}.`;
}

function noPrice(kind: 'video' | 'image', modelId: string, pricing: PricingContext): string {
	const { provider } = pricing;
	if (!listFor(pricing)) {
		const who = PROVIDER_NAMES[provider];
		return `${who[0].toUpperCase()}${who.slice(1)} publishes no prices. ${howToPrice(kind, modelId, provider)} Or use a list with a multiplier: {"basedOn": "volcengine", "multiplier": 1}.`;
	}
	return `No list price for ${modelId.trim()} at ${PROVIDER_NAMES[listFor(pricing)!]}. ${howToPrice(kind, modelId, provider)}`;
}

/** The base rates (per 1M tokens) that may apply, before audio and flex. */
function videoBaseRates(
	modelKey: string,
	resolution: Resolution | undefined,
	withVideo: boolean,
	pricing: PricingContext,
): Rate[] | undefined {
	const { prices } = pricing;
	const own = prices?.videoModels[modelKey];
	const list = listFor(pricing);
	if (own) {
		const currency = prices?.currency ?? VIDEO_PRICES[list ?? 'volcengine'].currency;
		const pick = (band: { perMillionTokens: number; withVideoInput?: number }): Rate => ({
			value: withVideo ? (band.withVideoInput ?? band.perMillionTokens) : band.perMillionTokens,
			currency,
			source: 'Prices in the Seedance API credential',
			confidence: 'user',
		});
		const band = resolution ? own.resolutions?.[resolution] : undefined;
		if (band) return [pick(band)];
		if (own.perMillionTokens !== undefined) return [pick({ perMillionTokens: own.perMillionTokens, withVideoInput: own.withVideoInput })];
		if (resolution === undefined && own.resolutions) return Object.values(own.resolutions).map(pick);
		return undefined;
	}
	if (!list) return undefined;
	const table = VIDEO_PRICES[list];
	const bands = table.models[modelKey];
	if (!bands) return undefined;
	const candidates: VideoRate[] = resolution ? (bands[resolution] ? [bands[resolution]] : []) : Object.values(bands);
	if (candidates.length === 0) return undefined;
	const multiplier = prices?.multiplier;
	return candidates.map((band) => ({
		value: (withVideo ? (band.withVideoInput ?? band.perMillionTokens) : band.perMillionTokens) * (multiplier ?? 1),
		currency: multiplier !== undefined && prices?.currency ? prices.currency : table.currency,
		source: multiplier !== undefined ? `${table.source.label} × ${multiplier} (Prices in the Seedance API credential)` : table.source.label,
		date: table.source.readOn,
		confidence: band.confidence,
	}));
}

interface RateQuestion {
	resolution?: Resolution;
	/** Undefined: unknown, both rates are possible. */
	withVideo?: boolean;
	audio?: boolean;
	flex: boolean;
	draft: boolean;
}

/** The lowest and highest rate that can apply; undefined when there is no price. */
function videoRates(modelId: string, question: RateQuestion, pricing: PricingContext): RateRange | undefined {
	const model = findModel(modelId);
	const key = model?.id ?? modelId.trim().toLowerCase();
	const rules = rulesOf(model);
	const notes: string[] = [];
	const withVideoCases = question.withVideo === undefined ? [false, true] : [question.withVideo];
	const audioCases = rules.audioMultiplier && question.audio === undefined ? [false, true] : [question.audio === true];

	let flexFactor = 1;
	if (question.flex) {
		if (question.draft) notes.push('Drafts have no flex price: the online rate applies.');
		else if (rules.flexMultiplier) flexFactor = rules.flexMultiplier;
		else notes.push('This model has no flex price: the online rate is shown.');
	}

	const rates: Rate[] = [];
	for (const withVideo of withVideoCases) {
		const base = videoBaseRates(key, question.resolution, withVideo, pricing);
		if (!base) return undefined;
		for (const rate of base) {
			for (const audio of audioCases) {
				const audioFactor = audio && rules.audioMultiplier ? rules.audioMultiplier : 1;
				rates.push({ ...rate, value: rate.value * audioFactor * flexFactor });
			}
		}
	}
	if (question.withVideo === undefined && new Set(rates.map((r) => r.value)).size > 1) {
		notes.push('Whether the request had a video input is unknown: the range covers both rates.');
	}
	if (question.resolution === undefined && new Set(rates.map((r) => r.value)).size > 1) {
		notes.push('The resolution is unknown: the range covers its rates.');
	}
	const byValue = [...rates].sort((a, b) => a.value - b.value);
	return { low: byValue[0], high: byValue[byValue.length - 1], notes };
}

/** A range is only as sure as its least sure end. */
function describeRates(rates: RateRange): Pick<Cost, 'currency' | 'priceSource' | 'priceDate' | 'priceConfidence'> {
	const { high } = rates;
	const thirdParty = rates.low.confidence === 'third-party' || high.confidence === 'third-party';
	return {
		currency: high.currency,
		priceSource: high.source,
		...(high.date ? { priceDate: high.date } : {}),
		priceConfidence: thirdParty ? 'third-party' : high.confidence,
	};
}

function confidenceNote(rates: RateRange): string[] {
	return describeRates(rates).priceConfidence === 'third-party'
		? ['This list price comes from third-party reports, not the provider\'s own page.']
		: [];
}

function joinNotes(notes: string[]): string | undefined {
	const text = notes.filter((n) => n !== '').join(' ');
	return text === '' ? undefined : text;
}

/** Tokens × rate, as one amount or a range. */
function tokenCost(status: CostStatus, tokens: { low: number; high: number }, rates: RateRange, notes: string[]): Cost {
	const low = money((tokens.low * rates.low.value) / 1e6);
	const high = money((tokens.high * rates.high.value) / 1e6);
	const cost: Cost = { status, ...describeRates(rates) };
	if (low === high) cost.amount = low;
	else Object.assign(cost, { low, high });
	if (tokens.low === tokens.high) cost.tokens = tokens.low;
	else Object.assign(cost, { tokensLow: tokens.low, tokensHigh: tokens.high });
	if (rates.low.value === rates.high.value) cost.unitPricePerMillionTokens = money(rates.low.value);
	const note = joinNotes([...notes, ...rates.notes, ...confidenceNote(rates)]);
	if (note) cost.note = note;
	return cost;
}

// ---------------------------------------------------------------------------------------------
// Video: estimate, task bill

const FRAME_COUNTING_NOTE: Record<FrameCounting, string> = {
	observed: 'Estimate: frames counted as 24 × seconds + 1, as providers bill (their published formula uses 24 × seconds); the bill is the task\'s usage.completion_tokens.',
	official: 'Estimate with the providers\' published formula (24 frames a second); bills count one frame more.',
};

/** What a request will cost, before it finishes. */
export function estimateVideoCost(spec: VideoSpec, pricing: PricingContext, frameCounting: FrameCounting = 'observed'): Cost {
	const tokens = estimateVideoTokens(spec, frameCounting);
	const model = findModel(spec.model);
	if ('unknown' in tokens) {
		if (model) return { status: 'unknown', note: tokens.unknown };
		// A model the tables don't know (an endpoint, a newer model): no estimate, but its bill can
		// still show, from the task's usage, once it has a price.
		const priced = videoRates(spec.model, { flex: false, draft: false }, pricing) !== undefined;
		const bill = 'its bill shows once the task has succeeded (from its usage).';
		const how = priced ? `Only ${bill}` : `${howToPrice('video', spec.model, pricing.provider)} Then ${bill}`;
		return { status: 'unknown', note: `${tokens.unknown} ${how}` };
	}
	const rates = videoRates(
		spec.model,
		{
			resolution: tokens.resolution,
			withVideo: tokens.hasVideoInput,
			audio: spec.generateAudio ?? model?.audioDefault,
			flex: spec.serviceTier === 'flex',
			draft: spec.draft === true,
		},
		pricing,
	);
	const range = tokens.low === tokens.high ? { tokens: tokens.low } : { tokensLow: tokens.low, tokensHigh: tokens.high };
	if (!rates) return { status: 'unknown', ...range, frameCounting, note: noPrice('video', spec.model, pricing) };
	return { ...tokenCost('estimated', tokens, rates, [FRAME_COUNTING_NOTE[frameCounting], ...tokens.notes]), frameCounting };
}

/** The fields of a task object (GET, list item, callback) that its cost depends on. */
export interface TaskForCost {
	status?: string;
	model?: string;
	resolution?: string;
	ratio?: string;
	duration?: number;
	frames?: number;
	generate_audio?: boolean;
	draft?: boolean;
	service_tier?: string;
	usage?: { completion_tokens?: unknown; total_tokens?: unknown } | null;
}

/** What the task object does not say about the request that made it. */
export interface RequestFacts {
	hasVideoInput?: boolean;
	videoInputSeconds?: number;
	mode?: GenerationMode;
}

const FREE_STATUSES = ['failed', 'cancelled', 'expired'];

function billedTokens(usage: TaskForCost['usage']): number | undefined {
	const valid = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
	if (valid(usage?.completion_tokens)) return usage.completion_tokens;
	if (valid(usage?.total_tokens)) return usage.total_tokens;
	return undefined;
}

/**
 * Whether a finished 2.x task had a video input, read from its tokens: without one they are exactly
 * W·H/1024 × (24d + 1); with one at least ceil(5d/3) × 24 frames' worth, which is always more.
 * Undefined when the task's own fields don't pin the output down.
 */
export function inferVideoInput(task: TaskForCost, tokens: number): boolean | undefined {
	const model = task.model ? findModel(task.model) : undefined;
	const family = model && FAMILY_OF_MODEL[model.id];
	if (!model || !family || !rulesOf(model).videoInputMinimum) return undefined;
	const { resolution, ratio, duration } = task;
	if (!isResolution(resolution) || !isFixedRatio(ratio) || !Number.isInteger(duration) || (duration as number) <= 0) return undefined;
	const size = outputSize(family, resolution, ratio);
	if (!size) return undefined;
	const common = { perFrame: tokensPerFrame(size), outputSeconds: duration as number, frameCounting: 'observed' as const, videoInputMinimum: true };
	if (tokens === videoTokens({ ...common, inputSeconds: 0, hasVideoInput: false })) return false;
	if (tokens >= videoTokens({ ...common, inputSeconds: 0, hasVideoInput: true })) return true;
	return undefined;
}

function specOfTask(task: TaskForCost, request: RequestFacts): VideoSpec {
	return {
		model: task.model ?? '',
		resolution: task.resolution,
		ratio: task.ratio,
		duration: task.duration,
		frames: task.frames,
		generateAudio: task.generate_audio,
		draft: task.draft,
		serviceTier: task.service_tier,
		videoInputSeconds: request.videoInputSeconds,
		hasVideoInput: request.hasVideoInput,
		mode: request.mode,
	};
}

/**
 * The cost a task item carries: billed from `usage` once it succeeded, free when it failed, was
 * cancelled or expired (providers bill only successful videos), an estimate while it is queued or
 * running (and for a success that reports no usage).
 */
export function taskCost(task: TaskForCost, pricing: PricingContext, request: RequestFacts = {}): Cost {
	const status = task.status ?? '';
	if (FREE_STATUSES.includes(status)) {
		return { status: 'free', amount: 0, note: `The task ${status}: providers bill only successful videos.` };
	}
	if (status === 'queued' || status === 'running') return estimateVideoCost(specOfTask(task, request), pricing);
	if (status !== 'succeeded') return { status: 'unknown', note: `Task status "${status}" is not one whose cost is known.` };

	const modelId = task.model ?? '';
	const tokens = billedTokens(task.usage);
	if (tokens === undefined) {
		const estimate = estimateVideoCost(specOfTask(task, request), pricing);
		return { ...estimate, note: joinNotes(['The task reports no usage.', estimate.note ?? '']) };
	}
	const notes: string[] = [];
	let withVideo = request.hasVideoInput ?? (request.videoInputSeconds !== undefined ? request.videoInputSeconds > 0 : undefined);
	if (withVideo === undefined) {
		withVideo = inferVideoInput(task, tokens);
		if (withVideo !== undefined) notes.push(`Read from the token count: the request had ${withVideo ? 'a' : 'no'} video input.`);
	}
	const model = findModel(modelId);
	const rates = videoRates(
		modelId,
		{
			resolution: isResolution(task.resolution) ? task.resolution : undefined,
			withVideo,
			audio: model?.audio ? task.generate_audio : false,
			flex: task.service_tier === 'flex',
			draft: task.draft === true,
		},
		pricing,
	);
	if (!rates) return { status: 'unknown', tokens, note: noPrice('video', modelId, pricing) };
	return tokenCost('billed', { low: tokens, high: tokens }, rates, notes);
}

// ---------------------------------------------------------------------------------------------
// Images (Seedream)

/** Pixel counts of Seedream's size tiers (their 1:1 sizes): 5.0 Pro's 1K and 1.5K fall in its small band. */
const TIER_PIXELS: Record<string, number> = {
	'1K': 1024 * 1024,
	'1.5K': 1536 * 1536,
	'2K': 2048 * 2048,
	'3K': 3072 * 3072,
	'4K': 4096 * 4096,
};

/** Pixels of a size as the API writes it (`2048x2048`, also `2048×2048`) or a tier (`2K`); undefined if neither. */
export function imagePixels(size: string | undefined): number | undefined {
	if (size === undefined) return undefined;
	const text = size.trim();
	const tier = TIER_PIXELS[text.toUpperCase()];
	if (tier) return tier;
	const match = /^(\d+)\s*[x×X]\s*(\d+)$/.exec(text);
	return match ? Number(match[1]) * Number(match[2]) : undefined;
}

interface ImageRates {
	small: number;
	large?: { abovePixels: number; perImage: number };
	layer?: { small: number; large: number };
	input?: { free: number; perImage: number };
	currency: string;
	source: string;
	date?: string;
	confidence: PriceConfidence | 'user';
}

function imageRates(modelId: string, pricing: PricingContext): ImageRates | undefined {
	const key = findImageModel(modelId)?.id ?? modelId.trim().toLowerCase();
	const { prices } = pricing;
	const list = listFor(pricing);
	const own = prices?.imageModels[key];
	const band = IMAGE_PRICES.volcengine.models[key]?.large;
	if (own) {
		return {
			small: own.perImage,
			...(band && own.perLargeImage !== undefined ? { large: { abovePixels: band.abovePixels, perImage: own.perLargeImage } } : {}),
			...(own.perExtraInputImage !== undefined ? { input: { free: 1, perImage: own.perExtraInputImage } } : {}),
			currency: prices?.currency ?? IMAGE_PRICES[list ?? 'volcengine'].currency,
			source: 'Prices in the Seedance API credential',
			confidence: 'user',
		};
	}
	if (!list) return undefined;
	const table = IMAGE_PRICES[list];
	const entry: ImagePrice | undefined = table.models[key];
	if (!entry) return undefined;
	const m = prices?.multiplier ?? 1;
	return {
		small: entry.perImage * m,
		...(entry.large ? { large: { abovePixels: entry.large.abovePixels, perImage: entry.large.perImage * m } } : {}),
		...(entry.layer ? { layer: { small: entry.layer.perImage * m, large: (entry.layer.large ?? entry.layer.perImage) * m } } : {}),
		...(entry.inputImages ? { input: { free: entry.inputImages.free, perImage: entry.inputImages.perImage * m } } : {}),
		currency: prices?.multiplier !== undefined && prices.currency ? prices.currency : table.currency,
		source: prices?.multiplier !== undefined ? `${table.source.label} × ${prices.multiplier} (Prices in the Seedance API credential)` : table.source.label,
		date: table.source.readOn,
		confidence: entry.confidence,
	};
}

/** One image's price; a range when the model has size bands and the size is unknown. */
function pricePerImage(rates: ImageRates, pixels: number | undefined, layer: boolean): { low: number; high: number } {
	const small = layer && rates.layer ? rates.layer.small : rates.small;
	if (!rates.large) return { low: small, high: small };
	const large = layer && rates.layer ? rates.layer.large : rates.large.perImage;
	if (pixels === undefined) return { low: small, high: large };
	const value = pixels > rates.large.abovePixels ? large : small;
	return { low: value, high: value };
}

function imageCostObject(
	status: CostStatus,
	rates: ImageRates,
	images: { low: number; high: number },
	amount: { low: number; high: number },
	unitPrice: number | undefined,
	notes: string[],
): Cost {
	const cost: Cost = {
		status,
		currency: rates.currency,
		priceSource: rates.source,
		...(rates.date ? { priceDate: rates.date } : {}),
		priceConfidence: rates.confidence,
	};
	const low = money(amount.low);
	const high = money(amount.high);
	if (low === high) cost.amount = low;
	else Object.assign(cost, { low, high });
	if (images.low === images.high) cost.images = images.low;
	else Object.assign(cost, { imagesLow: images.low, imagesHigh: images.high });
	if (unitPrice !== undefined) cost.unitPricePerImage = money(unitPrice);
	if (rates.confidence === 'third-party') notes.push('This list price comes from third-party reports, not the provider\'s own page.');
	const note = joinNotes(notes);
	if (note) cost.note = note;
	return cost;
}

function inputImageCharge(rates: ImageRates, inputImages: number | undefined): number {
	if (!rates.input || !inputImages) return 0;
	return Math.max(0, inputImages - rates.input.free) * rates.input.perImage;
}

export interface GeneratedImage {
	/** `data[].size` of the answer: `WxH`. */
	size?: string;
	/** A layer of a layer decomposition. */
	layer?: boolean;
}

export interface ImageResult {
	model: string;
	/** The images that came back (failed ones excluded), in order. */
	images: GeneratedImage[];
	/** `usage.generated_images`: what is billed; when set, it is the count. */
	generatedImages?: number;
	/** Reference images sent (or `usage.input_images`). */
	inputImages?: number;
}

/** What an image request cost: each generated image at its size's price, plus reference images where charged. */
export function billedImageCost(result: ImageResult, pricing: PricingContext): Cost {
	const rates = imageRates(result.model, pricing);
	const count = result.generatedImages ?? result.images.length;
	if (count === 0) return { status: 'free', amount: 0, images: 0, note: 'No image was generated: only successful images are billed.' };
	if (!rates) return { status: 'unknown', images: count, note: noPrice('image', result.model, pricing) };
	const notes: string[] = [];
	const amount = { low: inputImageCharge(rates, result.inputImages), high: inputImageCharge(rates, result.inputImages) };
	const unitPrices = new Set<number>();
	for (let i = 0; i < count; i++) {
		const image = result.images[i];
		const each = pricePerImage(rates, imagePixels(image?.size), image?.layer === true);
		amount.low += each.low;
		amount.high += each.high;
		unitPrices.add(each.low).add(each.high);
	}
	if (amount.low !== amount.high) notes.push('Some image sizes are unknown: the range covers both size bands.');
	const unitPrice = unitPrices.size === 1 ? [...unitPrices][0] : undefined;
	return imageCostObject('billed', rates, { low: count, high: count }, amount, unitPrice, notes);
}

export interface ImageRequest {
	model: string;
	/** `size` of the request: a tier (`2K`) or `WxH`; unset: the range over the model's bands. */
	size?: string;
	/** Images asked for; a range for group generation (`sequential_image_generation: auto`, 1…max_images). */
	count: number | { low: number; high: number };
	inputImages?: number;
}

/** What an image request will cost, before it is sent. */
export function estimateImageCost(request: ImageRequest, pricing: PricingContext): Cost {
	const images = typeof request.count === 'number' ? { low: request.count, high: request.count } : request.count;
	const rates = imageRates(request.model, pricing);
	if (!rates) return { status: 'unknown', note: noPrice('image', request.model, pricing) };
	const each = pricePerImage(rates, imagePixels(request.size), false);
	const input = inputImageCharge(rates, request.inputImages);
	const notes = ['Estimate: only successful images are billed.'];
	if (images.low !== images.high) notes.push('The model decides how many images to make: the range covers the count asked for.');
	const unitPrice = each.low === each.high ? each.low : undefined;
	return imageCostObject('estimated', rates, images, { low: images.low * each.low + input, high: images.high * each.high + input }, unitPrice, notes);
}

// ---------------------------------------------------------------------------------------------
// Sums

export interface CostTotal extends Cost {
	counts: Record<CostStatus, number>;
	/** Totals per currency when more than one occurs: they are never added together. */
	byCurrency?: Record<string, { amount?: number; low?: number; high?: number }>;
}

/**
 * The total of many cost objects (a batch estimate, Task → Get Many). Costs in different currencies
 * are kept apart and costs without a price are counted, not guessed: either makes the total's
 * status `unknown`, with a note that says why.
 */
export function sumCosts(costs: readonly Cost[]): CostTotal {
	const counts: Record<CostStatus, number> = { billed: 0, estimated: 0, free: 0, unknown: 0 };
	const totals = new Map<string, { low: number; high: number; ranged: boolean }>();
	let tokens: { low: number; high: number } | undefined = { low: 0, high: 0 };
	for (const cost of costs) {
		counts[cost.status]++;
		if (cost.status === 'free') continue;
		const low = cost.amount ?? cost.low;
		const high = cost.amount ?? cost.high;
		if (cost.status !== 'unknown' && cost.currency && low !== undefined && high !== undefined) {
			const total = totals.get(cost.currency) ?? { low: 0, high: 0, ranged: false };
			total.low += low;
			total.high += high;
			total.ranged ||= cost.amount === undefined;
			totals.set(cost.currency, total);
		}
		const tokensLow = cost.tokens ?? cost.tokensLow;
		const tokensHigh = cost.tokens ?? cost.tokensHigh;
		tokens = tokens && tokensLow !== undefined && tokensHigh !== undefined ? { low: tokens.low + tokensLow, high: tokens.high + tokensHigh } : undefined;
	}

	const amountOf = (total: { low: number; high: number; ranged: boolean }) =>
		total.ranged ? { low: money(total.low), high: money(total.high) } : { amount: money(total.low) };
	const notes: string[] = [];
	const result: CostTotal = { status: 'free', counts };
	if (totals.size > 1) {
		result.byCurrency = Object.fromEntries([...totals].map(([currency, total]) => [currency, amountOf(total)]));
		notes.push(`Costs in ${[...totals.keys()].join(' and ')} are not added together: see byCurrency.`);
	} else if (totals.size === 1) {
		const [[currency, total]] = [...totals];
		Object.assign(result, { currency, ...amountOf(total) });
	} else if (counts.unknown === 0) {
		result.amount = 0;
	}
	if (tokens && counts.billed + counts.estimated > 0) {
		if (tokens.low === tokens.high) result.tokens = tokens.low;
		else Object.assign(result, { tokensLow: tokens.low, tokensHigh: tokens.high });
	}
	if (counts.unknown > 0) {
		notes.push(`${counts.unknown} of ${costs.length} have no price and are not in the total.`);
	}
	if (counts.unknown > 0 || totals.size > 1) result.status = 'unknown';
	else if (counts.estimated > 0) result.status = 'estimated';
	else if (counts.billed > 0) result.status = 'billed';
	if (counts.estimated > 0 && counts.billed > 0) notes.push('The total adds bills and estimates.');
	const note = joinNotes(notes);
	if (note) result.note = note;
	return result;
}
