/**
 * Pure: what the node knows of a request it sends, turned into the cost core's inputs (the video's
 * spec for an estimate, the facts its task will not echo for the bill), a draft's facts for the
 * final video made from it, and the Spending Limit's verdict over a whole batch.
 */
import type { CreateTaskBody } from './body';
import {
	estimateVideoCost,
	isFixedRatio,
	isResolution,
	outputSize,
	outputSizeFamily,
	sumCosts,
	tokensPerFrame,
	videoTokens,
	type Cost,
	type CostTotal,
	type PricingContext,
	type RequestFacts,
	type TaskForCost,
	type VideoSpec,
} from './cost';
import { findModel, type GenerationMode } from './models';
import { VIDEO_BILLING_RULES } from './prices';

/** What a final video keeps from its draft: the draft's own task tells it (its ratio, length, audio and tokens). */
export interface DraftFacts {
	ratio?: string;
	duration?: number;
	generateAudio?: boolean;
	/** Undefined: the draft's tokens could not tell. */
	hasVideoInput?: boolean;
	/** Seconds of input video the draft was billed for; undefined when unknown (or when the minimum covered it). */
	videoInputSeconds?: number;
}

/** What the node knows of a request besides its body. */
export interface SentRequest {
	mode: GenerationMode;
	/** Each reference video's length as the form gave it, in order; undefined where not given. */
	clipSeconds?: Array<number | undefined>;
	/** A final video from a draft: what its draft said (undefined: the draft could not be read). */
	draft?: DraftFacts;
}

/** Values sent as prompt commands (`--rs 720p --dur 5`) are not in the body. */
export interface PromptCommandValues {
	resolution?: string;
	ratio?: string;
	duration?: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

function videoCount(body: CreateTaskBody): number {
	return body.content.filter((item) => item.type === 'video_url').length;
}

/** The facts a task will not echo: whether its request had a video, how many seconds, and the mode. */
export function requestFactsOf(body: CreateTaskBody, sent: SentRequest): RequestFacts {
	if (sent.mode === 'draftFinal') {
		const draft = sent.draft;
		return { mode: sent.mode, hasVideoInput: draft?.hasVideoInput, videoInputSeconds: draft?.videoInputSeconds };
	}
	const videos = videoCount(body);
	const seconds = sent.clipSeconds ?? [];
	const known = videos > 0 && seconds.length === videos && seconds.every((s) => s !== undefined);
	return {
		mode: sent.mode,
		hasVideoInput: videos > 0,
		videoInputSeconds: known ? seconds.reduce((sum: number, s) => sum + (s as number), 0) : videos > 0 ? undefined : 0,
	};
}

/** The video a request asks for, as the estimate reads it: the body's fields, what went as prompt commands, and a final's draft. */
export function videoSpecOf(body: CreateTaskBody, sent: SentRequest, commands: PromptCommandValues = {}): VideoSpec {
	const facts = requestFactsOf(body, sent);
	const draft = sent.mode === 'draftFinal' ? sent.draft : undefined;
	return {
		model: body.model,
		resolution: text(body.resolution) ?? commands.resolution,
		ratio: text(body.ratio) ?? commands.ratio ?? draft?.ratio,
		duration: number(body.duration) ?? commands.duration ?? draft?.duration,
		frames: number(body.frames),
		generateAudio: flag(body.generate_audio) ?? draft?.generateAudio,
		draft: body.draft === true,
		serviceTier: text(body.service_tier),
		mode: sent.mode,
		hasVideoInput: facts.hasVideoInput,
		videoInputSeconds: facts.videoInputSeconds,
		// A final video keeps its draft's inputs: unseen when the draft could not be read.
		mayHaveVideoInput: sent.mode === 'draftFinal' && facts.hasVideoInput === undefined,
	};
}

/**
 * What a succeeded draft says about the final video made from it. The final keeps the draft's
 * ratio, length, audio and input videos, and is billed for the same frames at its own resolution:
 * the draft's tokens are W × H / 1024 × its frames, so the frames, and from them the input video,
 * can be read back (a draft with no video has exactly 24 × seconds + 1 frames).
 */
export function draftFactsOf(draft: TaskForCost): DraftFacts {
	const facts: DraftFacts = {
		ratio: text(draft.ratio),
		duration: number(draft.duration),
		generateAudio: flag(draft.generate_audio),
	};
	const tokens = number(draft.usage?.completion_tokens) ?? number(draft.usage?.total_tokens);
	const family = draft.model ? outputSizeFamily(draft.model) : undefined;
	const model = draft.model ? findModel(draft.model) : undefined;
	const rules = model ? VIDEO_BILLING_RULES[model.id] : undefined;
	const duration = facts.duration;
	if (
		draft.status !== 'succeeded' ||
		tokens === undefined ||
		!family ||
		!rules?.videoInputMinimum ||
		!isResolution(draft.resolution) ||
		!isFixedRatio(draft.ratio) ||
		duration === undefined ||
		!Number.isInteger(duration) ||
		duration <= 0
	) {
		return facts;
	}
	const size = outputSize(family, draft.resolution, draft.ratio);
	if (!size) return facts;
	const perFrame = tokensPerFrame(size);
	const common = { perFrame, outputSeconds: duration, frameCounting: 'observed' as const, videoInputMinimum: true };
	if (tokens === videoTokens({ ...common, inputSeconds: 0, hasVideoInput: false })) return { ...facts, hasVideoInput: false, videoInputSeconds: 0 };
	const minimum = videoTokens({ ...common, inputSeconds: 0, hasVideoInput: true });
	if (tokens < minimum) return facts;
	// Truncation loses less than a token, and a frame is hundreds of tokens: the frames are exact.
	const frames = Math.ceil(tokens / perFrame - 1e-9);
	const inputSeconds = (frames - 1) / 24 - duration;
	if (tokens === minimum || inputSeconds <= 0) return { ...facts, hasVideoInput: true, videoInputSeconds: 0 };
	return { ...facts, hasVideoInput: true, videoInputSeconds: Math.round(inputSeconds * 1000) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// A batch

export interface ItemEstimate {
	itemIndex: number;
	spec: VideoSpec;
	cost: Cost;
}

export function estimateItem(itemIndex: number, spec: VideoSpec, pricing: PricingContext): ItemEstimate {
	return { itemIndex, spec, cost: estimateVideoCost(spec, pricing) };
}

const round = (value: number) => String(Math.round(value * 10_000) / 10_000);

/** "24.8893 CNY", "4.97–14.9 CNY", or "no known price". */
export function formatCost(cost: Pick<Cost, 'amount' | 'low' | 'high' | 'currency'>): string {
	const currency = cost.currency ? ` ${cost.currency}` : '';
	if (cost.amount !== undefined) return `${round(cost.amount)}${currency}`;
	if (cost.low !== undefined && cost.high !== undefined) return `${round(cost.low)}–${round(cost.high)}${currency}`;
	return 'no known price';
}

/** "Seedance 2.0, 1080p 16:9, 10 s, with 6 s of input video". */
export function describeSpec(spec: VideoSpec): string {
	const model = findModel(spec.model)?.name ?? spec.model;
	const parts = [model];
	const picture = [spec.resolution, spec.ratio].filter((p) => p !== undefined).join(' ');
	if (picture !== '') parts.push(picture);
	if (spec.frames !== undefined) parts.push(`${spec.frames} frames`);
	else if (spec.duration === -1) parts.push('length chosen by the model');
	else if (spec.duration !== undefined) parts.push(`${spec.duration} s`);
	if (spec.videoInputSeconds !== undefined && spec.videoInputSeconds > 0) parts.push(`with ${spec.videoInputSeconds} s of input video`);
	else if (spec.hasVideoInput) parts.push('with input video of unknown length');
	return parts.join(', ');
}

function highOf(cost: Cost): number {
	return cost.amount ?? cost.high ?? 0;
}

function listed(estimates: ItemEstimate[], show: (e: ItemEstimate) => string, most = 3): string {
	const shown = estimates.slice(0, most).map((e) => `item ${e.itemIndex}: ${show(e)}`);
	const more = estimates.length > most ? `; and ${estimates.length - most} more` : '';
	return `${shown.join('; ')}${more}`;
}

function mostExpensive(estimates: ItemEstimate[]): string {
	const sorted = [...estimates].sort((a, b) => highOf(b.cost) - highOf(a.cost) || a.itemIndex - b.itemIndex);
	return `Most expensive: ${listed(sorted, (e) => `${formatCost(e.cost)} (${describeSpec(e.spec)})`)}.`;
}

function priceLine(estimates: ItemEstimate[]): string {
	const priced = estimates.find((e) => e.cost.priceSource);
	if (!priced) return '';
	const { priceSource, priceDate } = priced.cost;
	return ` Prices: ${priceSource}${priceDate ? `, read ${priceDate}` : ''}. An estimate counts frames as providers bill them (24 × seconds + 1); each task's bill is its usage.`;
}

export interface SpendingLimitCheck {
	limit: number;
	/** The currency the limit was read in: the estimate's. */
	currency?: string;
	withinLimit: boolean;
	/** Why not: over it, a range whose high end passes it, an item without a price, or prices in two currencies. */
	reason?: 'over' | 'range' | 'unknown' | 'currencies';
	message?: string;
	description?: string;
}

/** Money is compared after rounding away float noise: a total of exactly the limit is within it. */
const EPSILON = 1e-9;

/**
 * Whether a batch may go out under a Spending Limit. A limit that cannot be checked refuses like
 * one that is passed: an item without a price, prices in two currencies, or a range (duration -1,
 * adaptive, input video of unknown length) whose high end passes the limit. A limit must hold
 * whatever the model picks.
 */
export function checkSpendingLimit(limit: number, estimates: ItemEstimate[], total: CostTotal = sumCosts(estimates.map((e) => e.cost))): SpendingLimitCheck {
	const count = `${estimates.length} video${estimates.length === 1 ? '' : 's'}`;
	const unknown = estimates.filter((e) => e.cost.status === 'unknown');
	if (unknown.length > 0) {
		return {
			limit,
			withinLimit: false,
			reason: 'unknown',
			message: `The Spending Limit can't be checked: ${unknown.length} of ${estimates.length} items have no known price, so no task was created`,
			description: `${listed(unknown, (e) => `${describeSpec(e.spec)}: ${e.cost.note ?? 'no price'}`)}`,
		};
	}
	if (total.byCurrency) {
		return {
			limit,
			withinLimit: false,
			reason: 'currencies',
			message: `The Spending Limit can't be checked: the items are priced in ${Object.keys(total.byCurrency).join(' and ')}, which are never added together, so no task was created`,
			description:
				"Give the models of this run prices in one currency in the Seedance API credential's Prices field (e.g. {\"currency\": \"USD\", \"models\": {…}}), or split the run by model.",
		};
	}
	const currency = total.currency;
	const high = total.amount ?? total.high ?? 0;
	const low = total.amount ?? total.low ?? 0;
	const shownLimit = `${round(limit)}${currency ? ` ${currency}` : ''}`;
	if (high <= limit + EPSILON) return { limit, currency, withinLimit: true };
	if (low <= limit + EPSILON) {
		const why = [...new Set(estimates.filter((e) => e.cost.amount === undefined).flatMap((e) => rangeNotes(e.cost)))];
		return {
			limit,
			currency,
			withinLimit: false,
			reason: 'range',
			message: `The estimated cost of this run is ${formatCost(total)} for ${count}: its high end is over Options → Spending Limit (${shownLimit}), so the limit can't be guaranteed and no task was created`,
			description: `Why a range: ${why.join(' ')} Set a fixed Duration and Ratio (not -1 or Adaptive) and the Length of each reference video to narrow it, or raise the limit. ${mostExpensive(estimates)}${priceLine(estimates)}`,
		};
	}
	return {
		limit,
		currency,
		withinLimit: false,
		reason: 'over',
		message: `The estimated cost of this run, ${formatCost(total)} for ${count}, is over Options → Spending Limit (${shownLimit}): no task was created`,
		description: `${mostExpensive(estimates)} Raise the Spending Limit, send fewer items, or choose a cheaper model, resolution or duration.${priceLine(estimates)}`,
	};
}

/** The sentences of a cost's note that say why it is a range. */
function rangeNotes(cost: Cost): string[] {
	const note = cost.note ?? '';
	return note
		.split(/(?<=\.)\s+/)
		.filter((sentence) => /range|picks|unknown|about as long/i.test(sentence));
}
