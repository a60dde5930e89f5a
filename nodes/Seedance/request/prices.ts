/**
 * Pure data: list prices of Seedance (video, per 1M tokens) and Seedream (per image), one table per
 * provider, and the billing rules that depend on the model rather than on the provider. Where each
 * number comes from, and how sure it is, is in docs/prices.md. ChainHub and custom base URLs publish
 * no prices: they have no table, and their users set prices in the credential (see cost.ts).
 */
import type { Resolution } from './models';

export type PricedProvider = 'volcengine' | 'byteplus';
export type Currency = 'CNY' | 'USD';

/** `official`: the provider's own page (or a verbatim copy); `third-party`: resellers' and users' reports, bills, blogs. */
export type PriceConfidence = 'official' | 'third-party';

export interface PriceSource {
	/** Short label a user can look up. */
	label: string;
	url: string;
	/** The day the prices were read (YYYY-MM-DD). */
	readOn: string;
}

/** One resolution band of a video model. */
export interface VideoRate {
	/** Per 1M tokens, when the request contains no video. */
	perMillionTokens: number;
	/** Per 1M tokens for every token of a request that contains at least one video; absent: the model takes no video input. */
	withVideoInput?: number;
	confidence: PriceConfidence;
}

export interface VideoPriceTable {
	provider: PricedProvider;
	currency: Currency;
	source: PriceSource;
	/** By the catalogue's (Volcengine) model id, then by output resolution. */
	models: Record<string, Partial<Record<Resolution, VideoRate>>>;
}

/** Billing rules of a video model, the same at every provider. */
export interface VideoBillingRules {
	/** 1.5 Pro with `generate_audio` costs this many times the silent rate. */
	audioMultiplier?: number;
	/** `service_tier: flex` costs this fraction of the online rate; absent: the model has no flex price. */
	flexMultiplier?: number;
	/** Draft previews: made at this resolution only. */
	draftResolution?: Resolution;
	/** 1.5 Pro drafts: tokens are the normal count times this factor, at the same rate (2.5 drafts cost a normal 480p video). */
	draftTokenFactor?: { silent: number; audio: number };
	/** A request with a video input is billed at least ceil(5 × output seconds / 3) seconds of output-sized frames. */
	videoInputMinimum: boolean;
}

const ONE_0_LITE_I2V = 'doubao-seedance-1-0-lite-i2v-250428';
const ONE_0_LITE_T2V = 'doubao-seedance-1-0-lite-t2v-250428';
const ONE_0_PRO = 'doubao-seedance-1-0-pro-250528';
const ONE_0_PRO_FAST = 'doubao-seedance-1-0-pro-fast-251015';
const ONE_5_PRO = 'doubao-seedance-1-5-pro-251215';
const TWO_0 = 'doubao-seedance-2-0-260128';
const TWO_0_FAST = 'doubao-seedance-2-0-fast-260128';
const TWO_0_MINI = 'doubao-seedance-2-0-mini-260615';
const TWO_5 = 'doubao-seedance-2-5-260628';

const rate = (perMillionTokens: number, confidence: PriceConfidence, withVideoInput?: number): VideoRate =>
	withVideoInput === undefined ? { perMillionTokens, confidence } : { perMillionTokens, withVideoInput, confidence };

/** The same rate at 480p, 720p and 1080p (the 1.x models price all three alike). */
const upTo1080p = (r: VideoRate) => ({ '480p': r, '720p': r, '1080p': r });

export const VIDEO_BILLING_RULES: Record<string, VideoBillingRules> = {
	[ONE_0_LITE_I2V]: { videoInputMinimum: false },
	[ONE_0_LITE_T2V]: { videoInputMinimum: false },
	[ONE_0_PRO]: { flexMultiplier: 0.5, videoInputMinimum: false },
	[ONE_0_PRO_FAST]: { flexMultiplier: 0.5, videoInputMinimum: false },
	[ONE_5_PRO]: {
		audioMultiplier: 2,
		flexMultiplier: 0.5,
		draftResolution: '480p',
		draftTokenFactor: { silent: 0.7, audio: 0.6 },
		videoInputMinimum: false,
	},
	[TWO_0]: { videoInputMinimum: true },
	[TWO_0_FAST]: { videoInputMinimum: true },
	[TWO_0_MINI]: { videoInputMinimum: true },
	[TWO_5]: { draftResolution: '480p', videoInputMinimum: true },
};

export const VOLCENGINE_VIDEO_PRICES: VideoPriceTable = {
	provider: 'volcengine',
	currency: 'CNY',
	source: {
		label: 'Volcengine Ark price list',
		url: 'https://www.volcengine.com/docs/82379/1544106',
		readOn: '2026-09-19',
	},
	models: {
		[ONE_0_LITE_I2V]: upTo1080p(rate(10, 'official')),
		[ONE_0_LITE_T2V]: upTo1080p(rate(10, 'official')),
		[ONE_0_PRO]: upTo1080p(rate(15, 'official')),
		[ONE_0_PRO_FAST]: upTo1080p(rate(4.2, 'official')),
		// The silent rate; audio doubles it (VIDEO_BILLING_RULES).
		[ONE_5_PRO]: upTo1080p(rate(8, 'third-party')),
		[TWO_0]: {
			'480p': rate(46, 'third-party', 28),
			'720p': rate(46, 'third-party', 28),
			'1080p': rate(51, 'third-party', 31),
			'4k': rate(26, 'third-party', 16),
		},
		[TWO_0_FAST]: { '480p': rate(37, 'third-party', 22), '720p': rate(37, 'third-party', 22) },
		[TWO_0_MINI]: { '480p': rate(23, 'third-party', 14), '720p': rate(23, 'third-party', 14) },
		[TWO_5]: {
			'480p': rate(70, 'third-party', 42),
			'720p': rate(70, 'third-party', 42),
			'1080p': rate(77, 'third-party', 46),
		},
	},
};

export const BYTEPLUS_VIDEO_PRICES: VideoPriceTable = {
	provider: 'byteplus',
	currency: 'USD',
	source: {
		label: 'BytePlus ModelArk pricing page',
		url: 'https://docs.byteplus.com/en/docs/ModelArk/1544106',
		readOn: '2026-10-08',
	},
	models: {
		// 1.0 Lite is not on BytePlus's page any more (retired there); the rate is from third-party lists.
		[ONE_0_LITE_I2V]: upTo1080p(rate(1.8, 'third-party')),
		[ONE_0_LITE_T2V]: upTo1080p(rate(1.8, 'third-party')),
		[ONE_0_PRO]: upTo1080p(rate(2.5, 'official')),
		[ONE_0_PRO_FAST]: upTo1080p(rate(1.0, 'official')),
		[ONE_5_PRO]: upTo1080p(rate(1.2, 'official')),
		[TWO_0]: {
			'480p': rate(7.0, 'official', 4.3),
			'720p': rate(7.0, 'official', 4.3),
			'1080p': rate(7.7, 'official', 4.7),
			'4k': rate(4.0, 'official', 2.4),
		},
		[TWO_0_FAST]: { '480p': rate(5.6, 'official', 3.3), '720p': rate(5.6, 'official', 3.3) },
		[TWO_0_MINI]: { '480p': rate(3.5, 'official', 2.1), '720p': rate(3.5, 'official', 2.1) },
		// 480p/720p agree with BytePlus's own worked examples ($1.156, $1.244, $0.553); 1080p is third-party only.
		[TWO_5]: {
			'480p': rate(10.7, 'official', 6.4),
			'720p': rate(10.7, 'official', 6.4),
			'1080p': rate(11.7, 'third-party', 7.0),
		},
	},
};

export const VIDEO_PRICES: Record<PricedProvider, VideoPriceTable> = {
	volcengine: VOLCENGINE_VIDEO_PRICES,
	byteplus: BYTEPLUS_VIDEO_PRICES,
};

// ---------------------------------------------------------------------------------------------
// Seedream (images)

/** The price of one generated image. */
export interface ImagePrice {
	perImage: number;
	/** A dearer band for images with more pixels than `abovePixels` (5.0 Pro's 2K). */
	large?: { abovePixels: number; perImage: number };
	/** Reference images: the first `free` are not charged, each further one costs `perImage`. */
	inputImages?: { free: number; perImage: number };
	/** Layer decomposition: each layer image, by the same size bands. */
	layer?: { perImage: number; large?: number };
	confidence: PriceConfidence;
}

export interface ImagePriceTable {
	provider: PricedProvider;
	currency: Currency;
	source: PriceSource;
	/**
	 * By Volcengine model id, as the image catalogue (imageModels.ts) names it; its other spellings are
	 * found there. 3.0 t2i and SeedEdit 3.0 are left out of the catalogue (docs/seedream.md) and priced
	 * here for a model typed By ID in this spelling.
	 */
	models: Record<string, ImagePrice>;
}

/** 5.0 Pro's small band ends at 2.61 MP (decimal megapixels): 1K and 1.5K fall below, 2K above. */
const PRO_LARGE_ABOVE_PIXELS = 2_610_000;

export const VOLCENGINE_IMAGE_PRICES: ImagePriceTable = {
	provider: 'volcengine',
	currency: 'CNY',
	source: {
		label: 'Volcengine Ark price list',
		url: 'https://docs.volcengine.com/docs/ark/model-pricing',
		readOn: '2026-09-30',
	},
	models: {
		'doubao-seedream-5-0-pro-260628': {
			perImage: 0.3,
			large: { abovePixels: PRO_LARGE_ABOVE_PIXELS, perImage: 0.6 },
			inputImages: { free: 1, perImage: 0.02 },
			layer: { perImage: 0.15, large: 0.3 },
			confidence: 'third-party',
		},
		'doubao-seedream-5-0-flash-260915': { perImage: 0.12, confidence: 'third-party' },
		'doubao-seedream-5-0-260128': { perImage: 0.22, confidence: 'third-party' },
		'doubao-seedream-4-5-251128': { perImage: 0.25, confidence: 'third-party' },
		'doubao-seedream-4-0-250828': { perImage: 0.2, confidence: 'third-party' },
		'doubao-seedream-3-0-t2i-250415': { perImage: 0.259, confidence: 'official' },
		'doubao-seededit-3-0-i2i-250628': { perImage: 0.259, confidence: 'third-party' },
	},
};

export const BYTEPLUS_IMAGE_PRICES: ImagePriceTable = {
	provider: 'byteplus',
	currency: 'USD',
	source: {
		label: 'BytePlus ModelArk pricing page',
		url: 'https://docs.byteplus.com/en/docs/ModelArk/1544106',
		readOn: '2026-10-08',
	},
	models: {
		'doubao-seedream-5-0-pro-260628': {
			perImage: 0.045,
			large: { abovePixels: PRO_LARGE_ABOVE_PIXELS, perImage: 0.09 },
			inputImages: { free: 1, perImage: 0.003 },
			layer: { perImage: 0.0225, large: 0.045 },
			confidence: 'third-party',
		},
		'doubao-seedream-5-0-flash-260915': { perImage: 0.018, confidence: 'third-party' },
		'doubao-seedream-5-0-260128': { perImage: 0.035, confidence: 'third-party' },
		'doubao-seedream-4-5-251128': { perImage: 0.04, confidence: 'third-party' },
		'doubao-seedream-4-0-250828': { perImage: 0.03, confidence: 'third-party' },
		'doubao-seedream-3-0-t2i-250415': { perImage: 0.03, confidence: 'third-party' },
		'doubao-seededit-3-0-i2i-250628': { perImage: 0.03, confidence: 'third-party' },
	},
};

export const IMAGE_PRICES: Record<PricedProvider, ImagePriceTable> = {
	volcengine: VOLCENGINE_IMAGE_PRICES,
	byteplus: BYTEPLUS_IMAGE_PRICES,
};
